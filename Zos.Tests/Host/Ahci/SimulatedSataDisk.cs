namespace Zos.Tests.Host.Ahci;

// An ATA disk: a byte array of logical sectors and the commands of ACS-3
// this engine uses, with their codes as ACS-3 numbers them. Out-of-range
// LBAs fail with IDNF, sectors in FailingLbas with UNC (the LBA field then
// names the failing sector, ACS-3 6.4), anything else unknown with ABRT.
public sealed class SimulatedSataDisk : SimulatedSataDevice
{
    public SimulatedSataDisk(ulong sectors, int logicalSectorBytes = 512)
    {
        Identify = new SimulatedIdentify { Sectors = sectors, LogicalSectorBytes = logicalSectorBytes };
        Data = new byte[checked((int)sectors * logicalSectorBytes)];
    }

    public SimulatedIdentify Identify { get; }
    // Instead of Identify.Build(): what IDENTIFY DEVICE returns (garbage, for the tests).
    public byte[]? IdentifyOverride { get; set; }
    public byte[] Data { get; }
    public HashSet<ulong> FailingLbas { get; } = new();
    public int Flushes { get; private set; }
    public ulong Sectors => Identify.Sectors;
    public int SectorBytes => Identify.LogicalSectorBytes;

    public override uint Signature => 0x00000101;   // ATA (SATA 3.x 11.2)
    public override byte ReadyStatus => 0x50;       // DRDY | DSC

    public override SimulatedAtaResult Execute(SimulatedTaskFile taskFile, byte[] packet, bool atapiBit, SimulatedDataPhase data)
    {
        switch (taskFile.Command)
        {
            case 0xEC:   // IDENTIFY DEVICE (ACS-3 7.12)
                Executed.Add((0xEC, 0, 1));
                return data.ToHost(IdentifyOverride ?? Identify.Build()) ? SimulatedAtaResult.Ok() : SimulatedAtaResult.Aborted();
            case 0xEA:   // FLUSH CACHE EXT (7.10)
                Executed.Add((0xEA, 0, 0));
                Flushes++;
                return SimulatedAtaResult.Ok();
            case 0x25:   // READ DMA EXT (7.22)
                return Transfer(taskFile.Command, taskFile.Lba, Count(taskFile.Count, 65536), false, data, needs48: true);
            case 0x35:   // WRITE DMA EXT (7.58)
                return Transfer(taskFile.Command, taskFile.Lba, Count(taskFile.Count, 65536), true, data, needs48: true);
            case 0xC8:   // READ DMA (7.21): 28-bit, count 0 = 256
                return Transfer(taskFile.Command, taskFile.Lba28, Count(taskFile.Count & 0xFF, 256), false, data, needs48: false);
            case 0xCA:   // WRITE DMA (7.57)
                return Transfer(taskFile.Command, taskFile.Lba28, Count(taskFile.Count & 0xFF, 256), true, data, needs48: false);
            case 0x60:   // READ FPDMA QUEUED (7.24): the count is in the feature field
                return Transfer(taskFile.Command, taskFile.Lba, Count(taskFile.Features, 65536), false, data, needs48: true);
            case 0x61:   // WRITE FPDMA QUEUED (7.63)
                return Transfer(taskFile.Command, taskFile.Lba, Count(taskFile.Features, 65536), true, data, needs48: true);
            default:
                Executed.Add((taskFile.Command, taskFile.Lba, 0));
                return SimulatedAtaResult.Aborted();
        }
    }

    // A count field of 0 means the most the command moves.
    private static int Count(int field, int whenZero) => field == 0 ? whenZero : field;

    private SimulatedAtaResult Transfer(byte command, ulong lba, int count, bool write, SimulatedDataPhase data, bool needs48)
    {
        Executed.Add((command, lba, count));
        if (needs48 && !Identify.Lba48) return SimulatedAtaResult.Aborted();
        if (lba + (ulong)count > Sectors) return SimulatedAtaResult.Failed(0x10, lba);   // IDNF (error bit 4)
        int offset = checked((int)lba * SectorBytes), bytes = count * SectorBytes;
        if (write)
        {
            byte[]? written = data.FromHost(bytes);
            if (written is null) return SimulatedAtaResult.Aborted();
            written.CopyTo(Data, offset);
            return SimulatedAtaResult.Ok();
        }
        for (ulong sector = lba; sector < lba + (ulong)count; sector++)
            if (FailingLbas.Contains(sector))
            {
                // The good sectors before the bad one are transferred, then UNC (error bit 6).
                int good = (int)(sector - lba) * SectorBytes;
                if (good > 0) data.ToHost(Data.AsSpan(offset, good));
                return SimulatedAtaResult.Failed(0x40, sector);
            }
        return data.ToHost(Data.AsSpan(offset, bytes)) ? SimulatedAtaResult.Ok() : SimulatedAtaResult.Aborted();
    }
}
