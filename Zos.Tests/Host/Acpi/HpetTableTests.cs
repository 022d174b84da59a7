using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Acpi;

public class HpetTableTests
{
    private const ulong At = 0x7FE3000;

    [Test]
    public void ParsesEveryField()
    {
        // QEMU's HPET: Intel vendor id, revision 1, comparators 0..2, 64-bit counter, legacy routing.
        var memory = new SimulatedPhysicalMemory().Place(At, AcpiImage.Hpet(0x8086A201, 0, 0xFED00000, 0, 0x80, 0x10));

        Assert.That(HpetTable.TryLoad(memory, At, out var hpet, out string error), Is.True, error);
        Assert.That(hpet.Header.Signature, Is.EqualTo("HPET"));
        Assert.That(hpet.HardwareId, Is.EqualTo(0x8086A201));
        Assert.That(hpet.HardwareRevision, Is.EqualTo(1));
        Assert.That(hpet.ComparatorCount, Is.EqualTo(3));
        Assert.That(hpet.CounterBits, Is.EqualTo(64));
        Assert.That(hpet.LegacyReplacementCapable, Is.True);
        Assert.That(hpet.PciVendorId, Is.EqualTo(0x8086));
        Assert.That(hpet.BaseAddress.Space, Is.EqualTo(AddressSpace.SystemMemory));
        Assert.That(hpet.BaseAddress.BitWidth, Is.EqualTo(64));
        Assert.That(hpet.BaseAddress.BitOffset, Is.EqualTo(0));
        Assert.That(hpet.BaseAddress.AccessSize, Is.EqualTo(0));
        Assert.That(hpet.BaseAddress.Address, Is.EqualTo(0xFED00000));
        Assert.That(hpet.Number, Is.EqualTo(0));
        Assert.That(hpet.MinimumTick, Is.EqualTo(0x80));
        Assert.That(hpet.PageProtection, Is.EqualTo(0x10));
    }

    [Test]
    public void ReadsA32BitCounterWithManyComparatorsAndAnotherNumber()
    {
        var memory = new SimulatedPhysicalMemory().Place(At, AcpiImage.Hpet(0x1022_1F10, 1, 0xFED80000, 2, 0x3739, 0));

        Assert.That(HpetTable.TryLoad(memory, At, out var hpet, out string error), Is.True, error);
        Assert.That(hpet.HardwareRevision, Is.EqualTo(0x10));
        Assert.That(hpet.ComparatorCount, Is.EqualTo(32));
        Assert.That(hpet.CounterBits, Is.EqualTo(32));
        Assert.That(hpet.LegacyReplacementCapable, Is.False);
        Assert.That(hpet.PciVendorId, Is.EqualTo(0x1022));
        Assert.That(hpet.BaseAddress.Space, Is.EqualTo(AddressSpace.SystemIo));
        Assert.That(hpet.Number, Is.EqualTo(2));
        Assert.That(hpet.MinimumTick, Is.EqualTo(0x3739));
    }

    [Test]
    public void RejectsATableTooShortForItsLayout()
    {
        var short_ = AcpiImage.Table("HPET", new byte[16]);
        var memory = new SimulatedPhysicalMemory().Place(At, short_);

        Assert.That(HpetTable.TryLoad(memory, At, out var hpet, out string error), Is.False);
        Assert.That(hpet, Is.Null);
        Assert.That(error, Is.EqualTo("HPET table is 52 bytes, shorter than its 56-byte layout"));
    }
}
