using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

public class PciBarProbeTests
{
    private static readonly PciAddress Address = new(0, 0, 4, 0);

    private static (PciBar[] Bars, string[] Problems, SimulatedFunction Function) Probe(SimulatedFunction function, int slots = 6)
    {
        var config = new SimulatedPciConfig().Add(Address, function);
        PciBar[] bars = PciBarProbe.Probe(config, Address, slots, out string[] problems);
        return (bars, problems, function);
    }

    [Test]
    public void DecodesEachKindWithItsSize()
    {
        var (bars, problems, _) = Probe(new SimulatedFunction(0x1234, 0x11E8)
            .MemoryBar32(0, 0xFEA0_0000, 0x10_0000)
            .IoBar(1, 0xC040, 0x20)
            .MemoryBar64(2, 0x8_0000_0000, 0x4_0000_0000, prefetchable: true)
            .MemoryBar32(5, 0xFEB0_1000, 0x1000, prefetchable: true));

        Assert.That(problems, Is.Empty);
        Assert.That(bars.Select(b => (b.Index, b.Kind, b.Address, b.Size, b.Prefetchable)), Is.EqualTo(new[]
        {
            (0, PciBarKind.Memory32, 0xFEA0_0000UL, 0x10_0000UL, false),
            (1, PciBarKind.Io, 0xC040UL, 0x20UL, false),
            (2, PciBarKind.Memory64, 0x8_0000_0000UL, 0x4_0000_0000UL, true),
            (5, PciBarKind.Memory32, 0xFEB0_1000UL, 0x1000UL, true),
        }));
    }

    [Test]
    public void RestoresEveryBarAndTheCommandRegisterAndProbesWithDecodeOff()
    {
        var function = new SimulatedFunction(0x1234, 0x11E8)
            .CommandBits(PciCommandBits.IoDecode | PciCommandBits.MemoryDecode | PciCommandBits.BusMaster)
            .MemoryBar32(0, 0xFEA0_0000, 0x10_0000)
            .IoBar(1, 0xC040, 0x20)
            .MemoryBar64(2, 0x1_2340_0000, 0x10_0000);
        uint[] before = Enumerable.Range(0, 6).Select(i => function.Get32(PciRegisters.Bar0 + 4 * i)).ToArray();

        Probe(function);

        Assert.That(Enumerable.Range(0, 6).Select(i => function.Get32(PciRegisters.Bar0 + 4 * i)), Is.EqualTo(before));
        Assert.That(function.Command, Is.EqualTo((ushort)(PciCommandBits.IoDecode | PciCommandBits.MemoryDecode | PciCommandBits.BusMaster)));
        Assert.That(function.CommandAtBarProbe, Has.Count.EqualTo(6));
        Assert.That(function.CommandAtBarProbe, Is.All.EqualTo((ushort)PciCommandBits.BusMaster));
    }

    [Test]
    public void UnimplementedBarsAreSkippedSilently()
    {
        var (bars, problems, _) = Probe(new SimulatedFunction(0x8086, 0x1237).MemoryBar32(3, 0xFE00_0000, 0x4000));
        Assert.That(bars.Select(b => b.Index), Is.EqualTo(new[] { 3 }));
        Assert.That(problems, Is.Empty);
    }

    [Test]
    public void A64BitBarReadingBackNothingIsUnimplementedAndTakesBothSlots()
    {
        var (bars, problems, function) = Probe(new SimulatedFunction(1, 2).RawBar(0, 0x4, 0).RawBar(1, 0, 0).MemoryBar32(2, 0xF000_0000, 0x1000));
        Assert.That(problems, Is.Empty);
        Assert.That(bars.Select(b => b.Index), Is.EqualTo(new[] { 2 }));
        // After the command register: both halves written with ones, then both restored.
        Assert.That(function.WrittenOffsets.Skip(1).Take(4), Is.EqualTo(new[] { 0x10, 0x14, 0x10, 0x14 }));
    }

    [Test]
    public void BarsWhoseSizesMakeNoSenseAreLeftOutWithAReason()
    {
        var (bars, problems, _) = Probe(new SimulatedFunction(0xBAD, 0xBA5)
            .RawBar(0, 0xF000_0000, 0xF0F0_0000)               // writable bits not contiguous
            .RawBar(1, 0xF000_0006, 0xFFFF_0000)               // reserved memory type 3
            .RawBar(2, 0xC001, 0xFFFF_F000 & 0xFFFC)           // 4 KiB of I/O space
            .RawBar(3, 0, 0)                                   // unimplemented: no problem
            .RawBar(4, 0, 0x0000_F000)                         // writable bits not up to the top
            .RawBar(5, 0xE000_0004, 0xFFFF_F000));             // 64-bit in the last slot

        Assert.That(bars, Is.Empty);
        Assert.That(problems, Has.Length.EqualTo(5));
        Assert.That(problems[0], Does.Contain("BAR 0").And.Contain("not a power of two"));
        Assert.That(problems[1], Does.Contain("BAR 1 has the reserved memory type 3"));
        Assert.That(problems[2], Does.Contain("BAR 2 claims 0x1000 bytes of I/O space"));
        Assert.That(problems[3], Does.Contain("BAR 4 size probe gives 0xffff1000 bytes, not a power of two"));
        Assert.That(problems[4], Does.Contain("BAR 5 is 64-bit but is the last slot"));
    }

    [Test]
    public void BridgesHaveTwoBarSlots()
    {
        var (bars, _, function) = Probe(new SimulatedFunction(0x8086, 0x244E).Bridge(1, 1).MemoryBar32(0, 0xFE00_0000, 0x1000).MemoryBar32(2, 0xFD00_0000, 0x1000), slots: 2);
        Assert.That(bars.Select(b => b.Index), Is.EqualTo(new[] { 0 }));
        Assert.That(function.CommandAtBarProbe, Has.Count.EqualTo(2));
    }
}
