namespace Zos.Tests.Host.Ahci;

// An ATAPI CD drive: 2048-byte blocks, IDENTIFY PACKET DEVICE (ACS-3 7.13)
// and PACKET (7.18) carrying SCSI READ(10); IDENTIFY DEVICE is aborted, as
// ATAPI devices do (ACS-3 7.12.4), and so is a packet without the command
// header's A bit or without DMA.
public sealed class SimulatedAtapiDrive : SimulatedSataDevice
{
    public const int BlockBytes = 2048;

    public SimulatedAtapiDrive(int blocks)
    {
        Media = new byte[blocks * BlockBytes];
    }

    public byte[] Media { get; }
    public string Model { get; set; } = "ZOS SIMULATED DVD";

    public override uint Signature => 0xEB140101;   // ATAPI (SATA 3.x 11.2)
    public override byte ReadyStatus => 0x00;

    public override SimulatedAtaResult Execute(SimulatedTaskFile taskFile, byte[] packet, bool atapiBit, SimulatedDataPhase data)
    {
        switch (taskFile.Command)
        {
            case 0xA1:   // IDENTIFY PACKET DEVICE
                Executed.Add((0xA1, 0, 1));
                return data.ToHost(IdentifyPacket()) ? SimulatedAtaResult.Ok() : SimulatedAtaResult.Aborted();
            case 0xA0:   // PACKET: features bit 0 = DMA
                Executed.Add((0xA0, packet[0], 0));
                if (!atapiBit || (taskFile.Features & 1) == 0 || packet[0] != 0x28) return SimulatedAtaResult.Aborted();
                // READ(10): LBA in bytes 2-5, length in 7-8, big-endian (SBC-3 5.11).
                uint lba = (uint)(packet[2] << 24 | packet[3] << 16 | packet[4] << 8 | packet[5]);
                int blocks = packet[7] << 8 | packet[8];
                if ((long)lba + blocks > Media.Length / BlockBytes) return SimulatedAtaResult.Failed(0x54, lba);   // sense key 5 (ILLEGAL REQUEST) << 4 | ABRT
                return data.ToHost(Media.AsSpan((int)lba * BlockBytes, blocks * BlockBytes)) ? SimulatedAtaResult.Ok() : SimulatedAtaResult.Aborted();
            default:
                Executed.Add((taskFile.Command, taskFile.Lba, 0));
                return SimulatedAtaResult.Aborted();
        }
    }

    private byte[] IdentifyPacket()
    {
        var bytes = new byte[512];
        // Word 0: bits 15:14 = 10 (ATAPI), 12:8 = 5 (CD/DVD), bit 7 removable, bits 1:0 = 00 (12-byte packets).
        BitConverter.GetBytes((ushort)0x8580).CopyTo(bytes, 0);
        string model = Model.PadRight(40);
        for (int i = 0; i < 20; i++)
        {
            bytes[2 * (27 + i)] = (byte)model[2 * i + 1];
            bytes[2 * (27 + i) + 1] = (byte)model[2 * i];
        }
        BitConverter.GetBytes((ushort)0x0300).CopyTo(bytes, 2 * 49);   // LBA and DMA
        return bytes;
    }
}
