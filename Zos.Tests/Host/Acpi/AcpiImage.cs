using System.Buffers.Binary;
using System.Text;

namespace Zos.Tests.Host.Acpi;

// Builds ACPI structures byte by byte, with correct checksums unless a test
// breaks them on purpose.
public static class AcpiImage
{
    public static byte[] Rsdp(byte revision, uint rsdt, ulong xsdt = 0, string oem = "ZOSOEM")
    {
        var bytes = new byte[revision >= 2 ? 36 : 20];
        Encoding.ASCII.GetBytes("RSD PTR ").CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes(oem.PadRight(6)).CopyTo(bytes, 9);
        bytes[15] = revision;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), rsdt);
        if (revision >= 2)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20), 36);
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), xsdt);
        }
        // The extended checksum covers the first one, so it comes second.
        bytes[8] = Checksum(bytes, 8, 20);
        if (revision >= 2) bytes[32] = Checksum(bytes, 32, 36);
        return bytes;
    }

    // A system description table: the 36-byte header, then body.
    public static byte[] Table(string signature, byte[] body, byte revision = 1)
    {
        var bytes = new byte[36 + body.Length];
        Encoding.ASCII.GetBytes(signature).CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), (uint)bytes.Length);
        bytes[8] = revision;
        Encoding.ASCII.GetBytes("ZOSOEM").CopyTo(bytes, 10);
        Encoding.ASCII.GetBytes("ZOSTABLE").CopyTo(bytes, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 7);
        Encoding.ASCII.GetBytes("ZTST").CopyTo(bytes, 28);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(32), 0x20261124);
        body.CopyTo(bytes, 36);
        return Resum(bytes);
    }

    // A FADT with its IA-PC boot architecture flags at offset 109 (ACPI 6.5,
    // Table 5.9): ACPI 1.0's 116 bytes for revision 1 or 2, ACPI 2.0's 244 after.
    public static byte[] Fadt(byte revision, ushort bootArchitectureFlags)
    {
        var body = new byte[(revision >= 3 ? 244 : 116) - 36];
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(109 - 36), bootArchitectureFlags);
        return Table("FACP", body, revision);
    }

    // Tables the way firmware leaves them: an RSDT at 0x7FE0000 listing just this FADT.
    public static Zos.Hal.Acpi.AcpiTables WithFadt(byte[] fadt)
    {
        var memory = new SimulatedPhysicalMemory().Place(0x7FE0000, Rsdt(0x7FE1000)).Place(0x7FE1000, fadt);
        Assert.That(Zos.Hal.Acpi.RootPointer.TryParse(Rsdp(0, 0x7FE0000), out var rsdp, out string error), Is.True, error);
        Assert.That(Zos.Hal.Acpi.AcpiTables.TryLoad(memory, rsdp, out var tables, out error), Is.True, error);
        return tables;
    }

    // Recomputes a table's checksum after a test edited it.
    public static byte[] Resum(byte[] table)
    {
        table[9] = Checksum(table, 9, table.Length);
        return table;
    }

    public static byte[] Rsdt(params uint[] entries) => Table("RSDT", entries.SelectMany(U32).ToArray());

    public static byte[] Xsdt(params ulong[] entries) => Table("XSDT", entries.SelectMany(U64).ToArray());

    public static byte[] Madt(uint localApicAddress, uint flags, params byte[][] entries) =>
        Table("APIC", [.. U32(localApicAddress), .. U32(flags), .. entries.SelectMany(e => e)], revision: 5);

    public static byte[] LocalApic(byte uid, byte apicId, uint flags) => [0, 8, uid, apicId, .. U32(flags)];

    public static byte[] IoApic(byte id, uint address, uint gsiBase) => [1, 12, id, 0, .. U32(address), .. U32(gsiBase)];

    public static byte[] Override(byte bus, byte source, uint gsi, ushort flags) => [2, 10, bus, source, .. U32(gsi), .. U16(flags)];

    public static byte[] NmiSource(ushort flags, uint gsi) => [3, 8, .. U16(flags), .. U32(gsi)];

    public static byte[] LocalApicNmi(byte uid, ushort flags, byte lint) => [4, 6, uid, .. U16(flags), lint];

    public static byte[] LocalApicAddressOverride(ulong address) => [5, 12, 0, 0, .. U64(address)];

    public static byte[] LocalX2Apic(uint x2ApicId, uint flags, uint uid) => [9, 16, 0, 0, .. U32(x2ApicId), .. U32(flags), .. U32(uid)];

    public static byte[] LocalX2ApicNmi(ushort flags, uint uid, byte lint) => [10, 12, .. U16(flags), .. U32(uid), lint, 0, 0, 0];

    public static byte[] Hpet(uint hardwareId, byte space, ulong address, byte number, ushort minimumTick, byte pageProtection) =>
        Table("HPET", [.. U32(hardwareId), space, 64, 0, 0, .. U64(address), number, .. U16(minimumTick), pageProtection]);

    public static byte[] Mcfg(params (ulong Base, ushort Segment, byte StartBus, byte EndBus)[] allocations) =>
        Table("MCFG", [.. new byte[8], .. allocations.SelectMany(a => (byte[])[.. U64(a.Base), .. U16(a.Segment), a.StartBus, a.EndBus, 0, 0, 0, 0])]);

    // A DMAR (VT-d specification 3.4, 8.1): host address width minus one, flags, 10 reserved bytes, structures.
    public static byte[] Dmar(byte hostAddressWidthField, byte flags, params byte[][] structures) =>
        Table("DMAR", [hostAddressWidthField, flags, .. new byte[10], .. structures.SelectMany(s => s)]);

    // A DRHD (8.3): type 0, length, flags, size, segment, register base, device scopes.
    public static byte[] Drhd(byte flags, ushort segment, ulong registerBase, params byte[][] scopes)
    {
        byte[] tail = scopes.SelectMany(s => s).ToArray();
        return [.. U16(0), .. U16((ushort)(16 + tail.Length)), flags, 0, .. U16(segment), .. U64(registerBase), .. tail];
    }

    // An RMRR (8.4): type 1, length, reserved, segment, base, limit (inclusive), device scopes.
    public static byte[] Rmrr(ushort segment, ulong baseAddress, ulong limit, params byte[][] scopes)
    {
        byte[] tail = scopes.SelectMany(s => s).ToArray();
        return [.. U16(1), .. U16((ushort)(24 + tail.Length)), 0, 0, .. U16(segment), .. U64(baseAddress), .. U64(limit), .. tail];
    }

    // A structure of another type, stepped over by its length.
    public static byte[] DmarStructure(ushort type, int length) => [.. U16(type), .. U16((ushort)length), .. new byte[length - 4]];

    // A device scope (8.3.1): type, length, 2 reserved, enumeration id, start bus, (device, function) pairs.
    public static byte[] Scope(byte type, byte enumerationId, byte startBus, params (byte Device, byte Function)[] path) =>
        [type, (byte)(6 + 2 * path.Length), 0, 0, enumerationId, startBus, .. path.SelectMany(hop => new[] { hop.Device, hop.Function })];

    // The value at checksumOffset that makes bytes [0, length) sum to zero.
    private static byte Checksum(byte[] bytes, int checksumOffset, int length)
    {
        bytes[checksumOffset] = 0;
        int sum = 0;
        for (int i = 0; i < length; i++) sum += bytes[i];
        return (byte)(256 - sum % 256);
    }

    public static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    public static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }
}
