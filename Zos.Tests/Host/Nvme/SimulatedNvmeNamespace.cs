namespace Zos.Tests.Host.Nvme;

// One namespace of the simulated controller: its blocks in memory, its LBA
// format, and the NVM commands (NVMe 1.4, 6: Flush 00h, Write 01h, Read 02h,
// Write Zeroes 08h, Dataset Management 09h) carried out against them. Status
// values are the 15-bit status field: SC in 7:0, SCT in 10:8, DNR in 14.
public sealed class SimulatedNvmeNamespace
{
    public SimulatedNvmeNamespace(ulong blocks, int blockBytes = 512)
    {
        Blocks = blocks;
        BlockBytes = blockBytes;
        Data = new byte[blocks * (ulong)blockBytes];
    }

    public ulong Blocks { get; }
    public int BlockBytes { get; }
    public byte[] Data { get; }
    // The LBA format in use (FLBAS), how many there are (NLBAF + 1), its metadata bytes (MS),
    // whether its LBADS is 0 (not available), and the protection type enabled (DPS 2:0).
    public int FormatIndex { get; set; }
    public int FormatCount { get; set; } = 1;
    public int MetadataBytes { get; set; }
    public bool FormatUnavailable { get; set; }
    public int ProtectionType { get; set; }
    // Reads touching these LBAs fail with Unrecovered Read Error, writes with Write Fault.
    public HashSet<ulong> FailingLbas { get; } = new();
    // Reads and writes touching these LBAs complete with the status field given (any SCT and SC).
    public Dictionary<ulong, ushort> StatusAt { get; } = new();
    public int Flushes { get; private set; }
    public List<(ulong Lba, int Blocks)> Zeroed { get; } = new();
    public List<(ulong Lba, int Blocks)> Deallocated { get; } = new();

    // Figure 245: NSZE 7:0, NCAP 15:8, NUSE 23:16, NLBAF 25, FLBAS 26, DPS 29; LBAF0.. at 128 (MS 15:0, LBADS 23:16).
    public byte[] IdentifyData()
    {
        var data = new byte[4096];
        BitConverter.GetBytes(Blocks).CopyTo(data, 0);
        BitConverter.GetBytes(Blocks).CopyTo(data, 8);
        BitConverter.GetBytes(Blocks).CopyTo(data, 16);
        data[25] = (byte)(FormatCount - 1);
        data[26] = (byte)FormatIndex;
        data[29] = (byte)ProtectionType;
        int lbads = FormatUnavailable ? 0 : System.Numerics.BitOperations.Log2((uint)BlockBytes);
        BitConverter.GetBytes((uint)MetadataBytes | (uint)lbads << 16).CopyTo(data, 128 + 4 * FormatIndex);
        return data;
    }

    // The command's result (DW0) and status.
    public (uint Result, ushort Status) Execute(SimulatedNvmeController controller, in SimulatedNvmeCommand command)
    {
        switch (command.Opcode)
        {
            case 0x00:
                Flushes++;
                return (0, 0);
            case 0x01:
            case 0x02:
                return Transfer(controller, command);
            case 0x08:
                if ((controller.OptionalCommands & 0x8) == 0) return (0, 0x4001);   // invalid command opcode, DNR
                if (!InRange(command.StartLba, command.Blocks)) return (0, 0x4080);   // LBA out of range, DNR
                Array.Clear(Data, (int)command.StartLba * BlockBytes, command.Blocks * BlockBytes);
                Zeroed.Add((command.StartLba, command.Blocks));
                return (0, 0);
            case 0x09:
                return DatasetManagement(controller, command);
            default:
                return (0, 0x4001);
        }
    }

    private (uint, ushort) Transfer(SimulatedNvmeController controller, in SimulatedNvmeCommand command)
    {
        bool read = command.Opcode == 0x02;
        if (!InRange(command.StartLba, command.Blocks)) return (0, 0x4080);
        int bytes = command.Blocks * BlockBytes;
        // MDTS: 2^MDTS pages of CAP.MPSMIN (4 KiB here).
        if (controller.Mdts != 0 && bytes > 4096 << controller.Mdts) return (0, 0x4002);   // invalid field in command, DNR
        List<(ulong Address, int Bytes)>? pieces = controller.WalkPrps(command, bytes);
        if (pieces is null) return (0, 0x4013);   // PRP offset invalid, DNR
        for (ulong lba = command.StartLba; lba < command.StartLba + (ulong)command.Blocks; lba++)
        {
            if (FailingLbas.Contains(lba)) return (0, read ? (ushort)0x0281 : (ushort)0x0280);   // media: unrecovered read error / write fault
            if (StatusAt.TryGetValue(lba, out ushort status)) return (0, status);
        }
        int at = (int)command.StartLba * BlockBytes;
        foreach ((ulong address, int length) in pieces)
        {
            bool moved = read ? controller.Bus.TryWrite(address, Data.AsSpan(at, length)) : controller.Bus.TryRead(address, Data.AsSpan(at, length));
            if (!moved) return (0, 0x0004);   // data transfer error
            at += length;
        }
        return (0, 0);
    }

    // 6.7: NR (CDW10 7:0) + 1 ranges of 16 bytes at the data pointer; AD (CDW11 bit 2) deallocates them,
    // which this namespace shows as zeroes afterwards (DLFEAT 001b).
    private (uint, ushort) DatasetManagement(SimulatedNvmeController controller, in SimulatedNvmeCommand command)
    {
        if ((controller.OptionalCommands & 0x4) == 0) return (0, 0x4001);
        int ranges = (int)(command.Dword10 & 0xFF) + 1;
        List<(ulong Address, int Bytes)>? pieces = controller.WalkPrps(command, ranges * 16);
        if (pieces is null) return (0, 0x4013);
        var list = new byte[ranges * 16];
        int at = 0;
        foreach ((ulong address, int length) in pieces)
        {
            if (!controller.Bus.TryRead(address, list.AsSpan(at, length))) return (0, 0x0004);
            at += length;
        }
        for (int i = 0; i < ranges; i++)
        {
            int blocks = (int)BitConverter.ToUInt32(list, 16 * i + 4);
            ulong lba = BitConverter.ToUInt64(list, 16 * i + 8);
            if (!InRange(lba, blocks)) return (0, 0x4080);
            if ((command.Dword11 & 0x4) == 0) continue;
            Array.Clear(Data, (int)lba * BlockBytes, blocks * BlockBytes);
            Deallocated.Add((lba, blocks));
        }
        return (0, 0);
    }

    private bool InRange(ulong lba, int blocks) => blocks > 0 && lba < Blocks && (ulong)blocks <= Blocks - lba;
}
