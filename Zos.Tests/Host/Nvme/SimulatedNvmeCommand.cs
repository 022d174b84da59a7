namespace Zos.Tests.Host.Nvme;

// A submission queue entry as the simulated controller fetched it (NVMe 1.4,
// 4.2, figure 105: CDW0 opcode 7:0 and CID 31:16, NSID at byte 4, PRP1 at
// 24, PRP2 at 32, CDW10-15 at 40-60), with the queue it came from.
public readonly record struct SimulatedNvmeCommand(int QueueId, byte Opcode, ushort CommandId, uint NamespaceId, ulong Prp1, ulong Prp2,
    uint Dword10, uint Dword11, uint Dword12)
{
    public static SimulatedNvmeCommand Parse(int queueId, ReadOnlySpan<byte> entry) => new(queueId, entry[0],
        BitConverter.ToUInt16(entry[2..]), BitConverter.ToUInt32(entry[4..]), BitConverter.ToUInt64(entry[24..]), BitConverter.ToUInt64(entry[32..]),
        BitConverter.ToUInt32(entry[40..]), BitConverter.ToUInt32(entry[44..]), BitConverter.ToUInt32(entry[48..]));

    // Read, Write and Write Zeroes: SLBA in CDW10-11, NLB (0-based) in CDW12 15:0.
    public ulong StartLba => Dword10 | (ulong)Dword11 << 32;
    public int Blocks => (int)(Dword12 & 0xFFFF) + 1;
}
