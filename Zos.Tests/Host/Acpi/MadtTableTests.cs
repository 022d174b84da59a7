using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

public class MadtTableTests
{
    private const ulong At = 0x7FE2000;

    private static MadtTable Load(byte[] table)
    {
        var memory = new SimulatedPhysicalMemory().Place(At, table);
        Assert.That(MadtTable.TryLoad(memory, At, out var madt, out string error), Is.True, error);
        Assert.That(error, Is.Null);
        return madt;
    }

    private static string LoadError(byte[] table)
    {
        var memory = new SimulatedPhysicalMemory().Place(At, table);
        Assert.That(MadtTable.TryLoad(memory, At, out var madt, out string error), Is.False);
        Assert.That(madt, Is.Null);
        return error;
    }

    // What QEMU's pc machine reports with two CPUs.
    private static byte[] QemuPcMadt() => Madt(0xFEE00000, 1,
        LocalApic(0, 0, 1),
        LocalApic(1, 1, 1),
        IoApic(0, 0xFEC00000, 0),
        Override(0, 0, 2, 0x0000),
        Override(0, 5, 5, 0x000D),
        Override(0, 9, 9, 0x000D),
        Override(0, 10, 10, 0x000D),
        Override(0, 11, 11, 0x000D),
        LocalApicNmi(0xFF, 0, 1));

    [Test]
    public void ParsesEveryFieldOfAQemuPcMadt()
    {
        var madt = Load(QemuPcMadt());

        Assert.That(madt.Header.Signature, Is.EqualTo("APIC"));
        Assert.That(madt.Header.Address, Is.EqualTo(At));
        Assert.That(madt.LocalApicAddress, Is.EqualTo(0xFEE00000));
        Assert.That(madt.HasLocalApicAddressOverride, Is.False);
        Assert.That(madt.Flags, Is.EqualTo(1));
        Assert.That(madt.PcatCompatible, Is.True);

        Assert.That(madt.Processors, Has.Length.EqualTo(2));
        Assert.That(madt.Processors[1].ApicId, Is.EqualTo(1));
        Assert.That(madt.Processors[1].ProcessorUid, Is.EqualTo(1));
        Assert.That(madt.Processors[1].Enabled, Is.True);
        Assert.That(madt.Processors[1].OnlineCapable, Is.False);
        Assert.That(madt.Processors[1].IsX2Apic, Is.False);

        Assert.That(madt.IoApics, Has.Length.EqualTo(1));
        Assert.That(madt.IoApics[0].Id, Is.EqualTo(0));
        Assert.That(madt.IoApics[0].Address, Is.EqualTo(0xFEC00000));
        Assert.That(madt.IoApics[0].GsiBase, Is.EqualTo(0));

        Assert.That(madt.Overrides, Has.Length.EqualTo(5));
        Assert.That(madt.Overrides[0].Bus, Is.EqualTo(MadtInterruptOverride.IsaBus));
        Assert.That(madt.Overrides[0].Source, Is.EqualTo(0));
        Assert.That(madt.Overrides[0].Gsi, Is.EqualTo(2));
        Assert.That(madt.Overrides[0].Flags.Polarity, Is.EqualTo(InterruptPolarity.ConformsToBus));
        Assert.That(madt.Overrides[0].Flags.Trigger, Is.EqualTo(InterruptTrigger.ConformsToBus));
        Assert.That(madt.Overrides[2].Source, Is.EqualTo(9));
        Assert.That(madt.Overrides[2].Gsi, Is.EqualTo(9));
        Assert.That(madt.Overrides[2].Flags.Polarity, Is.EqualTo(InterruptPolarity.ActiveHigh));
        Assert.That(madt.Overrides[2].Flags.Trigger, Is.EqualTo(InterruptTrigger.Level));

        Assert.That(madt.LocalApicNmis, Has.Length.EqualTo(1));
        Assert.That(madt.LocalApicNmis[0].AllProcessors, Is.True);
        Assert.That(madt.LocalApicNmis[0].ProcessorUid, Is.EqualTo(0xFF));
        Assert.That(madt.LocalApicNmis[0].Lint, Is.EqualTo(1));
        Assert.That(madt.LocalApicNmis[0].IsX2Apic, Is.False);
        Assert.That(madt.NmiSources, Is.Empty);
        Assert.That(madt.SkippedEntries, Is.EqualTo(0));
    }

    [Test]
    public void ReadsProcessorFlags()
    {
        var madt = Load(Madt(0xFEE00000, 0, LocalApic(0, 0, 1), LocalApic(1, 4, 2), LocalApic(2, 6, 0)));

        Assert.That(madt.PcatCompatible, Is.False);
        Assert.That(madt.Processors.Select(p => (p.ApicId, p.Enabled, p.OnlineCapable)),
            Is.EqualTo(new[] { (0u, true, false), (4u, false, true), (6u, false, false) }));
    }

    [Test]
    public void ReadsX2ApicEntries()
    {
        var madt = Load(Madt(0xFEE00000, 1,
            LocalApic(0, 0, 1),
            LocalX2Apic(0x1_0000, 1, 300),
            LocalX2ApicNmi(0x000F, 0xFFFFFFFF, 1),
            LocalX2ApicNmi(0x0005, 300, 0)));

        Assert.That(madt.Processors, Has.Length.EqualTo(2));
        Assert.That(madt.Processors[1].IsX2Apic, Is.True);
        Assert.That(madt.Processors[1].ApicId, Is.EqualTo(0x1_0000));
        Assert.That(madt.Processors[1].ProcessorUid, Is.EqualTo(300));
        Assert.That(madt.Processors[1].Enabled, Is.True);
        Assert.That(madt.LocalApicNmis[0].AllProcessors, Is.True);
        Assert.That(madt.LocalApicNmis[0].IsX2Apic, Is.True);
        Assert.That(madt.LocalApicNmis[0].Flags.Polarity, Is.EqualTo(InterruptPolarity.ActiveLow));
        Assert.That(madt.LocalApicNmis[0].Flags.Trigger, Is.EqualTo(InterruptTrigger.Level));
        Assert.That(madt.LocalApicNmis[1].AllProcessors, Is.False);
        Assert.That(madt.LocalApicNmis[1].ProcessorUid, Is.EqualTo(300));
        Assert.That(madt.LocalApicNmis[1].Lint, Is.EqualTo(0));
        Assert.That(madt.LocalApicNmis[1].Flags.Trigger, Is.EqualTo(InterruptTrigger.Edge));
    }

    [Test]
    public void ReadsNmiSourcesAndPerProcessorLocalNmis()
    {
        var madt = Load(Madt(0xFEE00000, 1, NmiSource(0x000F, 23), LocalApicNmi(3, 0x0001, 0)));

        Assert.That(madt.NmiSources, Has.Length.EqualTo(1));
        Assert.That(madt.NmiSources[0].Gsi, Is.EqualTo(23));
        Assert.That(madt.NmiSources[0].Flags.Polarity, Is.EqualTo(InterruptPolarity.ActiveLow));
        Assert.That(madt.NmiSources[0].Flags.Trigger, Is.EqualTo(InterruptTrigger.Level));
        Assert.That(madt.LocalApicNmis[0].AllProcessors, Is.False);
        Assert.That(madt.LocalApicNmis[0].ProcessorUid, Is.EqualTo(3));
        Assert.That(madt.LocalApicNmis[0].Lint, Is.EqualTo(0));
        Assert.That(madt.LocalApicNmis[0].Flags.Polarity, Is.EqualTo(InterruptPolarity.ActiveHigh));
    }

    [Test]
    public void TheAddressOverrideReplacesTheLocalApicAddress()
    {
        var madt = Load(Madt(0xFEE00000, 1, LocalApic(0, 0, 1), LocalApicAddressOverride(0x1_FEE0_0000)));

        Assert.That(madt.LocalApicAddress, Is.EqualTo(0x1_FEE0_0000));
        Assert.That(madt.HasLocalApicAddressOverride, Is.True);
    }

    [Test]
    public void ReadsSeveralIoApics()
    {
        var madt = Load(Madt(0xFEE00000, 1, IoApic(8, 0xFEC00000, 0), IoApic(9, 0xFEC01000, 24)));

        Assert.That(madt.IoApics.Select(a => (a.Id, a.Address, a.GsiBase)),
            Is.EqualTo(new[] { ((byte)8, 0xFEC00000u, 0u), ((byte)9, 0xFEC01000u, 24u) }));
    }

    [Test]
    public void StepsOverUnknownEntriesByTheirLength()
    {
        byte[] gicc = [0x0B, 82, .. new byte[80]];
        byte[] future = [0x7F, 3, 0xAA];
        var madt = Load(Madt(0xFEE00000, 1, gicc, LocalApic(0, 0, 1), future, IoApic(0, 0xFEC00000, 0)));

        Assert.That(madt.SkippedEntries, Is.EqualTo(2));
        Assert.That(madt.Processors, Has.Length.EqualTo(1));
        Assert.That(madt.IoApics[0].Address, Is.EqualTo(0xFEC00000));
    }

    [Test]
    public void AcceptsEntriesLongerThanTheirKnownLayout()
    {
        byte[] longer = [.. LocalApic(2, 7, 1), 0xEE, 0xEE];
        longer[1] = 10;
        var madt = Load(Madt(0xFEE00000, 1, longer, IoApic(0, 0xFEC00000, 0)));

        Assert.That(madt.Processors[0].ApicId, Is.EqualTo(7));
        Assert.That(madt.IoApics, Has.Length.EqualTo(1));
    }

    [Test]
    public void EmptyMadtHasNoEntries()
    {
        var madt = Load(Madt(0xFEE00000, 0));

        Assert.That(madt.Processors, Is.Empty);
        Assert.That(madt.IoApics, Is.Empty);
        Assert.That(madt.Overrides, Is.Empty);
    }

    [Test]
    public void RejectsAZeroLengthEntry()
    {
        Assert.That(LoadError(Madt(0xFEE00000, 1, LocalApic(0, 0, 1), [1, 0, 0, 0])),
            Is.EqualTo("MADT entry of type 1 at offset 0x34 has length 0, less than its 2-byte header"));
    }

    [Test]
    public void RejectsALengthOneEntry()
    {
        Assert.That(LoadError(Madt(0xFEE00000, 1, [0x42, 1, 0, 0])),
            Is.EqualTo("MADT entry of type 66 at offset 0x2c has length 1, less than its 2-byte header"));
    }

    [Test]
    public void RejectsAnEntryRunningPastTheTable()
    {
        byte[] cut = IoApic(0, 0xFEC00000, 0)[..8];
        Assert.That(LoadError(Madt(0xFEE00000, 1, LocalApic(0, 0, 1), cut)),
            Is.EqualTo("MADT entry of type 1 at offset 0x34 runs past the end of the table (length 12, 8 bytes left)"));
    }

    [Test]
    public void RejectsAStrayByteAtTheEnd()
    {
        Assert.That(LoadError(Madt(0xFEE00000, 1, LocalApic(0, 0, 1), [0])),
            Is.EqualTo("MADT has 1 stray byte at offset 0x34, too few for an entry header"));
    }

    [TestCase(0, 8)]
    [TestCase(1, 12)]
    [TestCase(2, 10)]
    [TestCase(3, 8)]
    [TestCase(4, 6)]
    [TestCase(5, 12)]
    [TestCase(9, 16)]
    [TestCase(10, 12)]
    public void RejectsAKnownEntryTooShortForItsFields(int type, int needed)
    {
        byte[] entry = [(byte)type, 4, 0, 0];
        Assert.That(LoadError(Madt(0xFEE00000, 1, entry)),
            Is.EqualTo($"MADT entry of type {type} at offset 0x2c has length 4, too short for its fields (at least {needed})"));
    }

    [Test]
    public void RejectsATableShorterThanItsFixedPart()
    {
        Assert.That(LoadError(Table("APIC", AcpiImage.U32(0xFEE00000))),
            Is.EqualTo("MADT is 40 bytes, shorter than its 44-byte fixed part"));
    }

    [Test]
    public void RejectsABadChecksum()
    {
        var table = QemuPcMadt();
        table[50] ^= 1;

        Assert.That(LoadError(table), Is.EqualTo("APIC at 0x7fe2000 has a wrong checksum"));
    }

    [Test]
    public void RejectsATruncatedTable()
    {
        var table = QemuPcMadt();
        var memory = new SimulatedPhysicalMemory().Place(At, table[..60]);

        Assert.That(MadtTable.TryLoad(memory, At, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo($"cannot read the {table.Length} bytes of APIC at 0x7fe2000: nothing at 0x7fe2000"));
    }
}
