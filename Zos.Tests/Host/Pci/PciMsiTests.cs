using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

public class PciMsiTests
{
    private static readonly PciAddress Address = new(0, 0, 4, 0);

    private static (SimulatedPciConfig Config, SimulatedFunction Function, PciMsiCapability Msi) Setup(bool is64Bit, bool masking, int multipleMessageCode = 0)
    {
        var function = new SimulatedFunction(0x1234, 0x11E8).Msi(0x40, is64Bit, masking, multipleMessageCode);
        var config = new SimulatedPciConfig().Add(Address, function);
        Assert.That(PciMsiCapability.TryRead(config, Address, 0x40, out var msi, out string error), Is.True, error);
        return (config, function, msi);
    }

    [Test]
    public void ParsesTheLayoutVariants()
    {
        var (_, _, plain) = Setup(is64Bit: false, masking: false);
        Assert.That((plain.Is64Bit, plain.PerVectorMasking, plain.MaxVectors, plain.DataRegister, plain.Length), Is.EqualTo((false, false, 1, 0x48, 10)));
        var (_, _, wide) = Setup(is64Bit: true, masking: true, multipleMessageCode: 5);
        Assert.That((wide.Is64Bit, wide.PerVectorMasking, wide.MaxVectors, wide.DataRegister, wide.MaskRegister, wide.Length), Is.EqualTo((true, true, 32, 0x4C, 0x50, 24)));
    }

    [Test]
    public void ReservedVectorCountsAndStructuresPastTheHeaderAreErrors()
    {
        // 64-bit with masking: 24 bytes, which from 0xF0 would end at 0x108.
        var function = new SimulatedFunction(1, 2).Msi(0x40, false, false, multipleMessageCode: 6).Capability(0xF0, PciCapability.MsiId, 0x80, 0x01);
        var config = new SimulatedPciConfig().Add(Address, function);
        Assert.That(PciMsiCapability.TryRead(config, Address, 0x40, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("MSI at 0x40 asks for a reserved vector count (code 6)"));
        Assert.That(PciMsiCapability.TryRead(config, Address, 0xF0, out _, out error), Is.False);
        Assert.That(error, Is.EqualTo("MSI at 0xf0 runs past the 256-byte header space"));
    }

    [Test]
    public void EnableWritesTheApicMessageAndOneVector()
    {
        var (config, function, msi) = Setup(is64Bit: true, masking: true, multipleMessageCode: 2);
        function.Set32(0x48, 0xDEAD_BEEF);
        function.Set16(0x42, (ushort)(function.Get16(0x42) | 0x20)); // firmware left 4 vectors enabled

        Assert.That(PciMsi.Enable(config, Address, msi, destinationApicId: 3, vector: 0x51), Is.Null);

        Assert.That(function.Get32(0x44), Is.EqualTo(0xFEE0_3000u));
        Assert.That(function.Get32(0x48), Is.EqualTo(0u));
        Assert.That(function.Get16(0x4C), Is.EqualTo(0x51));
        Assert.That(function.Get32(0x50) & 1, Is.EqualTo(0u), "vector 0 unmasked");
        Assert.That(function.Get16(0x42) & 0x71, Is.EqualTo(0x01), "enabled, one vector");
        Assert.That(PciMsi.IsEnabled(config, Address, msi), Is.True);

        PciMsi.Disable(config, Address, msi);
        Assert.That(PciMsi.IsEnabled(config, Address, msi), Is.False);
    }

    [Test]
    public void A32BitCapabilityHasItsDataRightAfterTheAddress()
    {
        var (config, function, msi) = Setup(is64Bit: false, masking: false);
        Assert.That(PciMsi.Enable(config, Address, msi, 0, 0x30), Is.Null);
        Assert.That(function.Get32(0x44), Is.EqualTo(0xFEE0_0000u));
        Assert.That(function.Get16(0x48), Is.EqualTo(0x30));
    }

    [Test]
    public void ExceptionVectorsAreRefusedWithoutWriting()
    {
        var (config, function, msi) = Setup(is64Bit: true, masking: false);
        function.WrittenOffsets.Clear();
        Assert.That(PciMsi.Enable(config, Address, msi, 0, 14), Is.EqualTo("MSI vector 14 is a CPU exception vector; use 32-255"));
        Assert.That(function.WrittenOffsets, Is.Empty);
    }

    [Test]
    public void MaskingNeedsPerVectorMasking()
    {
        var (config, _, msi) = Setup(is64Bit: false, masking: true);
        Assert.That(PciMsi.IsMasked(config, Address, msi), Is.True, "masked out of reset in the simulation");
        Assert.That(PciMsi.SetMasked(config, Address, msi, false), Is.Null);
        Assert.That(PciMsi.IsMasked(config, Address, msi), Is.False);
        Assert.That(PciMsi.SetMasked(config, Address, msi, true), Is.Null);
        Assert.That(PciMsi.IsMasked(config, Address, msi), Is.True);

        var (plainConfig, _, plain) = Setup(is64Bit: false, masking: false);
        Assert.That(PciMsi.SetMasked(plainConfig, Address, plain, true), Is.EqualTo("MSI at 0x40 of 00:04.0 has no per-vector masking"));
    }
}
