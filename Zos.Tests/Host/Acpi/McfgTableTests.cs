using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Acpi;

public class McfgTableTests
{
    private const ulong At = 0x7FE4000;

    private static string LoadError(byte[] table)
    {
        Assert.That(McfgTable.TryLoad(new SimulatedPhysicalMemory().Place(At, table), At, out var mcfg, out string error), Is.False);
        Assert.That(mcfg, Is.Null);
        return error;
    }

    [Test]
    public void ParsesEverySegmentGroup()
    {
        var memory = new SimulatedPhysicalMemory().Place(At, AcpiImage.Mcfg((0xB0000000, 0, 0, 0xFF), (0x3_0000_0000, 1, 0x10, 0x1F)));

        Assert.That(McfgTable.TryLoad(memory, At, out var mcfg, out string error), Is.True, error);
        Assert.That(mcfg.Header.Signature, Is.EqualTo("MCFG"));
        Assert.That(mcfg.Segments.Select(s => (s.BaseAddress, s.Segment, s.StartBus, s.EndBus)), Is.EqualTo(new[]
        {
            (0xB0000000UL, (ushort)0, (byte)0, (byte)0xFF),
            (0x3_0000_0000UL, (ushort)1, (byte)0x10, (byte)0x1F),
        }));
    }

    [Test]
    public void AcceptsNoAllocations()
    {
        Assert.That(McfgTable.TryLoad(new SimulatedPhysicalMemory().Place(At, AcpiImage.Mcfg()), At, out var mcfg, out string error), Is.True, error);
        Assert.That(mcfg.Segments, Is.Empty);
    }

    [Test]
    public void RejectsAPartialAllocation()
    {
        Assert.That(LoadError(AcpiImage.Table("MCFG", new byte[8 + 20])), Is.EqualTo("MCFG length 64 is not 44 plus a multiple of 16"));
    }

    [Test]
    public void RejectsATableWithoutItsReservedBytes()
    {
        Assert.That(LoadError(AcpiImage.Table("MCFG", new byte[4])), Is.EqualTo("MCFG length 40 is not 44 plus a multiple of 16"));
    }

    [Test]
    public void RejectsABusRangeEndingBeforeItStarts()
    {
        Assert.That(LoadError(AcpiImage.Mcfg((0xB0000000, 0, 0, 0xFF), (0xC0000000, 0, 0x20, 0x10))),
            Is.EqualTo("MCFG allocation 1 ends at bus 16, before its start bus 32"));
    }
}
