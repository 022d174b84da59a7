namespace Zos.Tests.Host.Ahci;

// The registers a Register H2D FIS carried, decoded by the simulated HBA
// from the FIS bytes (SATA 3.x, 10.5.5), never from the driver's types.
public sealed record SimulatedTaskFile(byte Command, ushort Features, ulong Lba, byte Device, ushort Count)
{
    // The FIS's 20 bytes: 0x27, C bit, command, features 7:0, LBA 7:0..23:16,
    // device, LBA 31:24..47:40, features 15:8, count 7:0, count 15:8.
    public static SimulatedTaskFile Decode(byte[] fis) => new(
        fis[2],
        (ushort)(fis[3] | fis[11] << 8),
        fis[4] | (ulong)fis[5] << 8 | (ulong)fis[6] << 16 | (ulong)fis[8] << 24 | (ulong)fis[9] << 32 | (ulong)fis[10] << 40,
        fis[7],
        (ushort)(fis[12] | fis[13] << 8));

    // 28-bit commands: LBA 23:0 from the FIS, 27:24 from the device register's low nibble (ACS-3 7.x).
    public ulong Lba28 => (Lba & 0xFFFFFF) | (ulong)(Device & 0x0F) << 24;
}

// How a command ended, as the device reports it in PxTFD and its FIS.
public sealed record SimulatedAtaResult(byte Status, byte Error, ulong Lba)
{
    // ACS-3 6.2: status DRDY (bit 6) = 0x40, plus ERR (bit 0) on error; 0x50 adds DSC/bit 4 as QEMU reports it.
    public static SimulatedAtaResult Ok() => new(0x50, 0, 0);

    // ACS-3 6.3: ABRT is error bit 2.
    public static SimulatedAtaResult Aborted() => new(0x51, 0x04, 0);

    public static SimulatedAtaResult Failed(byte error, ulong lba) => new(0x51, error, lba);

    public bool IsError => (Status & 0x01) != 0;
}
