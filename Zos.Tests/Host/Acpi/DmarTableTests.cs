using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

public class DmarTableTests
{
    private const ulong At = 0x7FE5000;
    private const byte Endpoint = 1, SubHierarchy = 2, IoApicScope = 3;

    private static DmarTable Load(byte[] table)
    {
        Assert.That(DmarTable.TryLoad(new SimulatedPhysicalMemory().Place(At, table), At, out var dmar, out string error), Is.True, error);
        Assert.That(error, Is.Null);
        return dmar;
    }

    private static string LoadError(byte[] table)
    {
        Assert.That(DmarTable.TryLoad(new SimulatedPhysicalMemory().Place(At, table), At, out var dmar, out string error), Is.False);
        Assert.That(dmar, Is.Null);
        return error;
    }

    // QEMU 7.2's q35 with intel-iommu (docs: /work/shared/notes/devices.md): host address
    // width field 38, one DRHD at 0xFED90000 without INCLUDE_PCI_ALL, the I/O APIC on
    // QEMU's pseudo bus 0xFF at 00.0 (checked in QEMU: `iommu`, IommuTests), then each bus-0 function as an endpoint.
    internal static byte[] QemuQ35Dmar() => Dmar(38, 0,
        Drhd(0, 0, 0xFED90000,
            Scope(IoApicScope, 0, 0xFF, (0x00, 0)),
            Scope(Endpoint, 0, 0, (0x00, 0)),
            Scope(Endpoint, 0, 0, (0x01, 0)),
            Scope(Endpoint, 0, 0, (0x03, 0)),
            Scope(Endpoint, 0, 0, (0x1F, 0)),
            Scope(Endpoint, 0, 0, (0x1F, 2)),
            Scope(Endpoint, 0, 0, (0x1F, 3))));

    [Test]
    public void ParsesQemusQ35Dmar()
    {
        var dmar = Load(QemuQ35Dmar());

        Assert.That(dmar.Header.Signature, Is.EqualTo("DMAR"));
        Assert.That(dmar.HostAddressWidth, Is.EqualTo(39));
        Assert.That(dmar.InterruptRemapping, Is.False);
        Assert.That(dmar.ReservedRegions, Is.Empty);
        Assert.That(dmar.SkippedStructures, Is.EqualTo(0));
        Assert.That(dmar.Units, Has.Length.EqualTo(1));
        var unit = dmar.Units[0];
        Assert.That(unit.RegisterBase, Is.EqualTo(0xFED90000));
        Assert.That(unit.RegisterBytes, Is.EqualTo(4096));
        Assert.That(unit.Segment, Is.EqualTo(0));
        Assert.That(unit.IncludesAllPci, Is.False);
        Assert.That(unit.Scopes.Select(s => (s.Type, s.EnumerationId, s.StartBus, s.PathLength)), Is.EqualTo(new[]
        {
            (DmarScopeType.IoApic, (byte)0, (byte)0xFF, 1),
            (DmarScopeType.PciEndpoint, (byte)0, (byte)0, 1),
            (DmarScopeType.PciEndpoint, (byte)0, (byte)0, 1),
            (DmarScopeType.PciEndpoint, (byte)0, (byte)0, 1),
            (DmarScopeType.PciEndpoint, (byte)0, (byte)0, 1),
            (DmarScopeType.PciEndpoint, (byte)0, (byte)0, 1),
            (DmarScopeType.PciEndpoint, (byte)0, (byte)0, 1),
        }));
    }

    [Test]
    public void GivesTheSourceIdOfADeviceOnItsStartBus()
    {
        var sata = Load(QemuQ35Dmar()).Units[0].Scopes[5];

        Assert.That(sata.TryGetSourceIdOnStartBus(out ushort sourceId), Is.True);
        Assert.That(sourceId, Is.EqualTo(0x00FA), "00:1f.2 is bus 0, device 31, function 2");
    }

    [Test]
    public void KeepsEveryHopOfAPathBehindBridges()
    {
        var dmar = Load(Dmar(38, 0, Drhd(0, 0, 0xFED90000, Scope(Endpoint, 0, 0, (0x1C, 0), (0x00, 1)))));
        var scope = dmar.Units[0].Scopes[0];

        Assert.That(scope.PathLength, Is.EqualTo(2));
        Assert.That((scope.Device(0), scope.Function(0), scope.Device(1), scope.Function(1)), Is.EqualTo(((byte)0x1C, (byte)0, (byte)0, (byte)1)));
        Assert.That(scope.TryGetSourceIdOnStartBus(out _), Is.False, "the bus behind the bridge is the bridge's to say");
    }

    [Test]
    public void ParsesFlagsSegmentsIncludeAllAndRegisterSize()
    {
        var dmar = Load(Dmar(45, 0b101,
            Drhd(0, 1, 0xFED91000, Scope(SubHierarchy, 0, 0x40, (0x02, 0))),
            Drhd(1, 1, 0xFED90000, Scope(IoApicScope, 2, 0xF0, (0x1F, 0)))));

        Assert.That(dmar.HostAddressWidth, Is.EqualTo(46));
        Assert.That((dmar.InterruptRemapping, dmar.X2ApicOptOut, dmar.DmaControlOptIn), Is.EqualTo((true, false, true)));
        Assert.That(dmar.Units.Select(u => (u.RegisterBase, u.Segment, u.IncludesAllPci)), Is.EqualTo(new[]
        {
            (0xFED91000UL, (ushort)1, false),
            (0xFED90000UL, (ushort)1, true),
        }));
        Assert.That(dmar.Units[0].Scopes[0].Type, Is.EqualTo(DmarScopeType.PciSubHierarchy));
        Assert.That(dmar.Units[1].Scopes[0].EnumerationId, Is.EqualTo(2));
    }

    [Test]
    public void ReadsTheRegisterSetSizeAsAPowerOfTwoPages()
    {
        byte[] drhd = Drhd(0, 0, 0xFED90000);
        drhd[5] = 2;

        Assert.That(Load(Dmar(38, 0, drhd)).Units[0].RegisterBytes, Is.EqualTo(16384));
    }

    [Test]
    public void ParsesReservedRegionsWithTheirScopes()
    {
        var dmar = Load(Dmar(38, 0,
            Drhd(1, 0, 0xFED90000),
            Rmrr(0, 0x7D000000, 0x7D7FFFFF, Scope(Endpoint, 0, 0, (0x14, 0)), Scope(Endpoint, 0, 0, (0x1A, 0)))));

        var region = dmar.ReservedRegions.Single();
        Assert.That((region.Segment, region.BaseAddress, region.LimitAddress, region.Bytes), Is.EqualTo(((ushort)0, 0x7D000000UL, 0x7D7FFFFFUL, 0x800000UL)));
        Assert.That(region.Scopes.Select(s => s.Device(0)), Is.EqualTo(new byte[] { 0x14, 0x1A }));
    }

    [Test]
    public void StepsOverStructuresItDoesNotUse()
    {
        var dmar = Load(Dmar(38, 0, DmarStructure(2, 8), Drhd(1, 0, 0xFED90000), DmarStructure(3, 20), DmarStructure(7, 4)));

        Assert.That(dmar.SkippedStructures, Is.EqualTo(3));
        Assert.That(dmar.Units.Single().RegisterBase, Is.EqualTo(0xFED90000));
    }

    [Test]
    public void IsFoundAmongTheAcpiTablesAndABadOneOnlyCostsTheIommu()
    {
        var good = new SimulatedPhysicalMemory().Place(0x7FE0000, Rsdt(0x7FE1000)).Place(0x7FE1000, QemuQ35Dmar());
        byte[] badDmar = Resum(QemuQ35Dmar()[..^1]);
        var bad = new SimulatedPhysicalMemory().Place(0x7FE0000, Rsdt(0x7FE1000)).Place(0x7FE1000, FixLength(badDmar));
        Assert.That(RootPointer.TryParse(Rsdp(0, 0x7FE0000), out var rsdp, out string error), Is.True, error);

        Assert.That(AcpiTables.TryLoad(good, rsdp, out var tables, out error), Is.True, error);
        Assert.That(tables.Dmar.Units.Single().RegisterBase, Is.EqualTo(0xFED90000));
        Assert.That(tables.DmarError, Is.Null);

        Assert.That(AcpiTables.TryLoad(bad, rsdp, out tables, out error), Is.True, error);
        Assert.That(tables.Dmar, Is.Null);
        Assert.That(tables.DmarError, Is.EqualTo("DMAR structure of type 0 at offset 0x30 runs past the end of the table (length 72, 71 bytes left)"));
    }

    internal static byte[] FixLength(byte[] table)
    {
        BitConverter.GetBytes((uint)table.Length).CopyTo(table, 4);
        return Resum(table);
    }

    [Test]
    public void RejectsATableShorterThanItsFixedPart()
    {
        Assert.That(LoadError(Table("DMAR", new byte[8])), Is.EqualTo("DMAR is 44 bytes, shorter than its 48-byte fixed part"));
    }

    [Test]
    public void RejectsStrayBytesAfterTheLastStructure()
    {
        Assert.That(LoadError(Dmar(38, 0, Drhd(1, 0, 0xFED90000), [0, 0, 16])),
            Is.EqualTo("DMAR has 3 stray bytes at offset 0x40, too few for a structure header"));
    }

    [Test]
    public void RejectsAStructureShorterThanItsHeader()
    {
        Assert.That(LoadError(Dmar(38, 0, [5, 0, 2, 0])), Is.EqualTo("DMAR structure of type 5 at offset 0x30 has length 2, less than its 4-byte header"));
    }

    [Test]
    public void RejectsAStructureRunningPastTheTable()
    {
        byte[] drhd = Drhd(1, 0, 0xFED90000);
        drhd[2] = 40;

        Assert.That(LoadError(Dmar(38, 0, drhd)), Is.EqualTo("DMAR structure of type 0 at offset 0x30 runs past the end of the table (length 40, 16 bytes left)"));
    }

    [Test]
    public void RejectsAUnitTooShortForItsRegisterBase()
    {
        Assert.That(LoadError(Dmar(38, 0, [0, 0, 12, 0, 1, 0, 0, 0, 0, 0, 0xD9, 0xFE])),
            Is.EqualTo("DMAR structure of type 0 at offset 0x30 has length 12, too short for its fields (at least 16)"));
    }

    [Test]
    public void RejectsAReservedRegionTooShortForItsLimit()
    {
        Assert.That(LoadError(Dmar(38, 0, DmarStructure(1, 20))),
            Is.EqualTo("DMAR structure of type 1 at offset 0x30 has length 20, too short for its fields (at least 24)"));
    }

    [TestCase(0UL, "0x0")]
    [TestCase(0xFED90800UL, "0xfed90800")]
    public void RejectsARegisterBaseThatIsNotAPage(ulong registerBase, string shown)
    {
        Assert.That(LoadError(Dmar(38, 0, Drhd(1, 0, registerBase))),
            Is.EqualTo("DMAR remapping unit at offset 0x30 has register base " + shown + ", not a nonzero 4 KiB-aligned address"));
    }

    [Test]
    public void RejectsTwoUnitsSharingRegisters()
    {
        Assert.That(LoadError(Dmar(38, 0, Drhd(0, 0, 0xFED90000), Drhd(1, 0, 0xFED90000))),
            Is.EqualTo("DMAR remapping unit at offset 0x40 has the register base 0xfed90000 of remapping unit 0"));
    }

    [Test]
    public void RejectsAUnitListedAfterItsSegmentsIncludeAllUnit()
    {
        Assert.That(LoadError(Dmar(38, 0, Drhd(1, 0, 0xFED90000), Drhd(0, 0, 0xFED91000))),
            Is.EqualTo("DMAR remapping unit at offset 0x40 follows remapping unit 0, which includes all PCI devices of segment 0 and must come last"));
    }

    [Test]
    public void AcceptsAUnitAfterAnotherSegmentsIncludeAllUnit()
    {
        Assert.That(Load(Dmar(38, 0, Drhd(1, 0, 0xFED90000), Drhd(1, 1, 0xFED91000))).Units, Has.Length.EqualTo(2));
    }

    [TestCase(0x7D000800UL, 0x7D7FFFFFUL, "0x7d000800..0x7d7fffff")]
    [TestCase(0x7D000000UL, 0x7D7FF000UL, "0x7d000000..0x7d7ff000")]
    [TestCase(0x7D800000UL, 0x7D000FFFUL, "0x7d800000..0x7d000fff")]
    public void RejectsAReservedRegionThatIsNotWholePages(ulong baseAddress, ulong limit, string shown)
    {
        Assert.That(LoadError(Dmar(38, 0, Rmrr(0, baseAddress, limit))),
            Is.EqualTo("DMAR reserved region at offset 0x30 spans " + shown + ", not whole 4 KiB pages"));
    }

    [TestCase(0)]
    [TestCase(6)]
    public void RejectsAReservedScopeType(byte type)
    {
        Assert.That(LoadError(Dmar(38, 0, Drhd(0, 0, 0xFED90000, Scope(Endpoint, 0, 0, (1, 0)), Scope(type, 0, 0, (2, 0))))),
            Is.EqualTo("DMAR remapping unit at offset 0x30: device scope 1 has reserved type " + type));
    }

    [TestCase(6)]
    [TestCase(9)]
    [TestCase(3)]
    public void RejectsAScopeWhoseLengthIsNotAPath(byte length)
    {
        byte[] scope = [Endpoint, length, 0, 0, 0, 0, 1, 0, 0];
        Assert.That(LoadError(Dmar(38, 0, Drhd(0, 0, 0xFED90000, scope))),
            Is.EqualTo("DMAR remapping unit at offset 0x30: device scope 0 has length " + length + ": not 6 plus a nonzero number of 2-byte path entries"));
    }

    [Test]
    public void RejectsAScopeRunningPastItsStructure()
    {
        byte[] scope = Scope(Endpoint, 0, 0, (1, 0));
        scope[1] = 10;
        Assert.That(LoadError(Dmar(38, 0, Rmrr(0, 0x7D000000, 0x7D000FFF, scope))),
            Is.EqualTo("DMAR reserved region at offset 0x30: device scope 0 runs past its structure (length 10, 8 bytes left)"));
    }

    [Test]
    public void RejectsStrayBytesAfterTheLastScope()
    {
        Assert.That(LoadError(Dmar(38, 0, Drhd(0, 0, 0xFED90000, Scope(Endpoint, 0, 0, (1, 0)), [1, 8, 0]))),
            Is.EqualTo("DMAR remapping unit at offset 0x30: device scope 1 has 3 bytes left, too few for its 6-byte header"));
    }
}
