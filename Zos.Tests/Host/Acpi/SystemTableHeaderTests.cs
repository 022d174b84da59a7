using System.Buffers.Binary;
using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Acpi;

public class SystemTableHeaderTests
{
    private const ulong At = 0x7FE1000;

    private static string LoadError(byte[] table, string signature = "TEST", int readable = -1)
    {
        var memory = new SimulatedPhysicalMemory().Place(At, readable < 0 ? table : table[..readable]);
        Assert.That(SystemTableHeader.TryLoad(memory, At, signature, out var header, out var bytes, out string error), Is.False);
        Assert.That(header, Is.Null);
        Assert.That(bytes.IsEmpty, Is.True);
        return error;
    }

    [Test]
    public void LoadsTheWholeTableAndEveryHeaderField()
    {
        var table = AcpiImage.Table("TEST", [1, 2, 3, 4, 5], revision: 3);
        var memory = new SimulatedPhysicalMemory().Place(At, table.Concat(new byte[64]).ToArray());

        Assert.That(SystemTableHeader.TryLoad(memory, At, "TEST", out var header, out var bytes, out string error), Is.True, error);
        Assert.That(bytes.ToArray(), Is.EqualTo(table));
        Assert.That(header.Address, Is.EqualTo(At));
        Assert.That(header.Signature, Is.EqualTo("TEST"));
        Assert.That(header.Length, Is.EqualTo(41));
        Assert.That(header.Revision, Is.EqualTo(3));
        Assert.That(header.OemId, Is.EqualTo("ZOSOEM"));
        Assert.That(header.OemTableId, Is.EqualTo("ZOSTABLE"));
        Assert.That(header.OemRevision, Is.EqualTo(7));
        Assert.That(header.CreatorId, Is.EqualTo("ZTST"));
        Assert.That(header.CreatorRevision, Is.EqualTo(0x20261124));
    }

    [Test]
    public void RejectsAnotherSignature()
    {
        Assert.That(LoadError(AcpiImage.Table("FACP", []), "APIC"), Is.EqualTo("APIC at 0x7fe1000 has signature 'FACP'"));
    }

    [Test]
    public void RejectsLengthBelowTheHeader()
    {
        var table = AcpiImage.Table("TEST", new byte[8]);
        table[4] = 35;

        Assert.That(LoadError(AcpiImage.Resum(table)), Is.EqualTo("TEST at 0x7fe1000 has length 35, outside 36..1048576"));
    }

    [Test]
    public void RejectsAbsurdLength()
    {
        var table = AcpiImage.Table("TEST", []);
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4), 0xFFFFFFF0);

        Assert.That(LoadError(AcpiImage.Resum(table)), Is.EqualTo("TEST at 0x7fe1000 has length 4294967280, outside 36..1048576"));
    }

    [Test]
    public void RejectsLengthRunningPastReadableMemory()
    {
        Assert.That(LoadError(AcpiImage.Table("TEST", new byte[20]), readable: 50),
            Is.EqualTo("cannot read the 56 bytes of TEST at 0x7fe1000: nothing at 0x7fe1000"));
    }

    [Test]
    public void RejectsTruncatedHeader()
    {
        Assert.That(LoadError(AcpiImage.Table("TEST", []), readable: 20),
            Is.EqualTo("cannot read the table header at 0x7fe1000: nothing at 0x7fe1000"));
    }

    [Test]
    public void RejectsWrongChecksum()
    {
        var table = AcpiImage.Table("TEST", [1, 2, 3]);
        table[37] = 9;

        Assert.That(LoadError(table), Is.EqualTo("TEST at 0x7fe1000 has a wrong checksum"));
    }

    [Test]
    public void PrintsUnprintableSignatureBytesAsQuestionMarks()
    {
        var table = AcpiImage.Table("TEST", []);
        table[1] = 0;
        table[2] = 0xC3;

        Assert.That(LoadError(AcpiImage.Resum(table)), Is.EqualTo("TEST at 0x7fe1000 has signature 'T??T'"));
    }
}
