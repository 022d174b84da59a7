using Zos.Hal.Pci;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Pci;

public class PciMsiXTests
{
    private static readonly PciAddress Address = new(0, 0, 5, 0);
    private const ulong BarAddress = 0xFEB0_0000;

    private static (SimulatedPciConfig Config, SimulatedFunction Function, PciFunctionInfo Info) Device(int tableSize = 4, uint tableOffset = 0x2000)
    {
        var function = new SimulatedFunction(0x1AF4, 0x1041)
            .CommandBits(PciCommandBits.MemoryDecode)
            .MemoryBar32(1, (uint)BarAddress, 0x4000)
            .MemoryBar64(4, 0xC_0000_0000, 0x4000, prefetchable: true)
            .IoBar(0, 0xC000, 0x40)
            .MsiX(0x98, tableSize, tableBar: 1, tableOffset, pbaBar: 1, pbaOffset: 0x3800);
        var config = new SimulatedPciConfig().Add(Address, function);
        return (config, function, PciFunctionInfo.Read(config, Address));
    }

    [Test]
    public void ParsesTableAndPendingBitLocations()
    {
        var (_, _, info) = Device(tableSize: 2048, tableOffset: 0x0);
        Assert.That(info.MsiX, Is.Not.Null);
        Assert.That((info.MsiX.Offset, info.MsiX.TableSize, info.MsiX.TableBar, info.MsiX.TableOffset, info.MsiX.PbaBar, info.MsiX.PbaOffset),
            Is.EqualTo(((byte)0x98, 2048, 1, 0u, 1, 0x3800u)));
        Assert.That(info.Msi, Is.Null);
    }

    [Test]
    public void LocatesTheTableInsideItsBarOrSaysWhyNot()
    {
        var (_, _, info) = Device();
        var mmio = new SimulatedPhysicalMemory();
        Assert.That(PciMsiXTable.TryLocate(info.MsiX, info.Bars, mmio, out var table, out string error), Is.True, error);
        Assert.That((table.Address, table.Size), Is.EqualTo((BarAddress + 0x2000, 4)));

        var (_, _, tooBig) = Device(tableSize: 1025, tableOffset: 0);
        Assert.That(PciMsiXTable.TryLocate(tooBig.MsiX, tooBig.Bars, mmio, out _, out error), Is.False);
        Assert.That(error, Is.EqualTo("MSI-X table (0x0 + 1025 entries) runs past BAR 1 (0x4000 bytes)"));

        var function = new SimulatedFunction(1, 2).IoBar(0, 0xC000, 0x40).MsiX(0x40, 1, tableBar: 0, 0, 0, 0).MsiX(0x50, 1, tableBar: 3, 0, 0, 0);
        var config = new SimulatedPciConfig().Add(Address, function);
        PciBar[] bars = PciBarProbe.Probe(config, Address, 6, out _);
        PciMsiXCapability.TryRead(config, Address, 0x40, out var inIoBar, out _);
        PciMsiXCapability.TryRead(config, Address, 0x50, out var inMissingBar, out _);
        Assert.That(PciMsiXTable.TryLocate(inIoBar, bars, mmio, out _, out error), Is.False);
        Assert.That(error, Is.EqualTo("MSI-X table is in BAR 0, an I/O BAR"));
        Assert.That(PciMsiXTable.TryLocate(inMissingBar, bars, mmio, out _, out error), Is.False);
        Assert.That(error, Is.EqualTo("MSI-X table is in BAR 3, which the function does not implement"));
    }

    [Test]
    public void AReservedBarIndicatorIsAProblem()
    {
        var function = new SimulatedFunction(1, 2).MsiX(0x40, 1, tableBar: 7, 0, 0, 0);
        var info = PciFunctionInfo.Read(new SimulatedPciConfig().Add(Address, function), Address);
        Assert.That(info.MsiX, Is.Null);
        Assert.That(info.Problems, Is.EqualTo(new[] { "MSI-X at 0x40 names reserved BAR 7" }));
    }

    [Test]
    public void ProgramsAnEntryMaskedThenUnmasksIt()
    {
        var (_, _, info) = Device();
        ulong entry2 = BarAddress + 0x2000 + 2 * 16;
        var mmio = new SimulatedPhysicalMemory().Place(entry2, new byte[PciMsiXTable.EntrySize]);
        mmio.Poke(entry2 + 12, 1);
        PciMsiXTable.TryLocate(info.MsiX, info.Bars, mmio, out var table, out _);

        Assert.That(table.Program(2, destinationApicId: 1, vector: 0x62), Is.Null);

        Assert.That(mmio.Peek(entry2), Is.EqualTo(0xFEE0_1000u));
        Assert.That(mmio.Peek(entry2 + 4), Is.EqualTo(0u));
        Assert.That(mmio.Peek(entry2 + 8), Is.EqualTo(0x62u));
        Assert.That(mmio.Peek(entry2 + 12), Is.EqualTo(0u));
        var writes = mmio.Accesses.Where(a => a.Write).Select(a => a.Address - entry2).ToArray();
        Assert.That(writes, Is.EqualTo(new ulong[] { 12, 0, 4, 8, 12 }), "masked first, unmasked last");
        Assert.That(table.IsMasked(2), Is.False);
        Assert.That(table.SetMasked(2, true), Is.Null);
        Assert.That(table.IsMasked(2), Is.True);
    }

    [Test]
    public void BadEntriesAndVectorsAreRefused()
    {
        var (_, _, info) = Device();
        var mmio = new SimulatedPhysicalMemory();
        PciMsiXTable.TryLocate(info.MsiX, info.Bars, mmio, out var table, out _);
        Assert.That(table.Program(4, 0, 0x40), Is.EqualTo("MSI-X entry 4 is outside the table of 4"));
        Assert.That(table.Program(-1, 0, 0x40), Is.EqualTo("MSI-X entry -1 is outside the table of 4"));
        Assert.That(table.Program(0, 0, 31), Is.EqualTo("MSI-X vector 31 is a CPU exception vector; use 32-255"));
        Assert.That(table.SetMasked(9, true), Is.EqualTo("MSI-X entry 9 is outside the table of 4"));
        Assert.That(mmio.Accesses.Where(a => a.Write), Is.Empty);
    }

    [Test]
    public void EnableDisableAndFunctionMaskChangeOnlyTheirBits()
    {
        var (config, function, info) = Device(tableSize: 4);
        PciMsiX.SetFunctionMask(config, Address, info.MsiX, true);
        Assert.That(function.Get16(0x9A), Is.EqualTo(0x4003));
        PciMsiX.Enable(config, Address, info.MsiX);
        Assert.That(function.Get16(0x9A), Is.EqualTo(0x8003), "enabled, function mask cleared");
        Assert.That(PciMsiX.IsEnabled(config, Address, info.MsiX), Is.True);
        PciMsiX.Disable(config, Address, info.MsiX);
        Assert.That(function.Get16(0x9A), Is.EqualTo(0x0003));
        Assert.That(PciMsiX.IsEnabled(config, Address, info.MsiX), Is.False);
    }
}
