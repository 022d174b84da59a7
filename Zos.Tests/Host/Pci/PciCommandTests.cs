using Zos.Hal.Pci;
using Zos.Shell;
using Zos.Shell.Commands;

namespace Zos.Tests.Host.Pci;

public class PciCommandTests
{
    [Test]
    public void PrintsOneLinePerFunctionThenProblemsThenTheSummary()
    {
        var loop = new SimulatedFunction(0xBAD, 0x0001).Capability(0x40, 0x09);
        loop.Bytes[0x41] = 0x40;
        var config = new SimulatedPciConfig()
            .Add(0, 0, 0, new SimulatedFunction(0x8086, 0x1237).Class(0x06, 0x00, revision: 2))
            .Add(0, 1, 0, new SimulatedFunction(0x1B36, 0x0001).Class(0x06, 0x04).HeaderType(0x80).Bridge(1, 2).Interrupt(10, 1)
                .MemoryBar64(0, 0xFEA7_1000, 0x100).Msi(0x4C, is64Bit: true, masking: true))
            .Add(0, 1, 1, loop)
            .Add(0, 3, 0, new SimulatedFunction(0x8086, 0x10D3).Class(0x02, 0x00).Interrupt(11, 1)
                .MemoryBar32(0, 0xFEB4_0000, 0x2_0000).IoBar(2, 0xC040, 0x20).MemoryBar32(3, 0xFEB9_0000, 0x4000, prefetchable: true)
                .MsiX(0xA0, 5, 3, 0, 3, 0x2000))
            .Add(0, 4, 0, new SimulatedFunction(0x1B36, 0x0001).Class(0x06, 0x04).Bridge(1, 1))
            .Add(1, 0, 0, new SimulatedFunction(0x1234, 0x11E8).Class(0x00, 0xFF, revision: 0x10).Interrupt(0xFF, 4).Msi(0x40, is64Bit: false, masking: false));
        var command = new PciCommand("legacy (no MCFG table)", PciEnumeration.Scan(config), 1234);
        var sink = new BufferSink();

        Assert.That(command.Execute([], sink), Is.Null);

        Assert.That(sink.Text.ToString(), Is.EqualTo("""
            pci 00:00.0 id=8086:1237 class=06.00.00 rev=0x02 header=0 irq_pin=- irq_line=- msi=no msix=no
            pci 00:01.0 id=1b36:0001 class=06.04.00 rev=0x00 header=1+multi buses=1-2 irq_pin=A irq_line=10 msi=64bit+mask msix=no bar0=mem64:0xfea71000:0x100
            pci 00:01.1 id=0bad:0001 class=00.00.00 rev=0x00 header=0 irq_pin=- irq_line=- msi=no msix=no
            problem 00:01.1 capability list loops back to 0x40 after 1 entries
            pci 00:03.0 id=8086:10d3 class=02.00.00 rev=0x00 header=0 irq_pin=A irq_line=11 msi=no msix=5@bar3+0x0 bar0=mem32:0xfeb40000:0x20000 bar2=io:0xc040:0x20 bar3=mem32:0xfeb90000:0x4000:prefetch
            pci 00:04.0 id=1b36:0001 class=06.04.00 rev=0x00 header=1 buses=1-1 irq_pin=- irq_line=- msi=no msix=no
            pci 01:00.0 id=1234:11e8 class=00.ff.00 rev=0x10 header=0 irq_pin=D irq_line=- msi=32bit msix=no
            problem bridge 00:04.0 names secondary bus 1, which another bridge already leads to
            pci_config: legacy (no MCFG table)
            pci_functions: 6
            pci_buses: 2
            pci_problems: 2
            pci_scan_us: 1234

            """.Replace("\r", "")));
    }

    [Test]
    public void TakesNoArguments()
    {
        var command = new PciCommand("legacy", PciEnumeration.Scan(new SimulatedPciConfig()), 0);
        var output = new BufferSink();
        new CommandShell([command]).Execute("pci x", output);
        Assert.That(output.Text.ToString(), Is.EqualTo("error: pci takes no arguments (usage: pci)\n"));
    }
}
