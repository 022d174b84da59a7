using Zos.Hal.Pci;

namespace Zos.Shell.Commands
{
    // One "pci <address> key=value ..." line per function found at boot, then
    // its problems, then the enumeration's summary as "key: value" lines.
    public sealed class PciCommand(string configDescription, PciEnumeration scan, ulong scanMicroseconds) : ShellCommand
    {
        private readonly string _configDescription = configDescription;
        private readonly PciEnumeration _scan = scan;
        private readonly ulong _scanMicroseconds = scanMicroseconds;

        public override string Name => "pci";
        public override string Usage => "pci";
        public override string Summary => "PCI functions: ids, class, BARs, interrupt pin and line, MSI/MSI-X";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            PciFunctionInfo[] functions = _scan.Functions;
            int problems = _scan.Problems.Length;
            for (int i = 0; i < functions.Length; i++)
            {
                PciFunctionInfo function = functions[i];
                output.WriteLine(Describe(function));
                for (int p = 0; p < function.Problems.Length; p++) output.WriteLine("problem " + function.Address.ToString() + " " + function.Problems[p]);
                problems += function.Problems.Length;
            }
            for (int p = 0; p < _scan.Problems.Length; p++) output.WriteLine("problem " + _scan.Problems[p]);
            output.WriteLine("pci_config: " + _configDescription);
            output.WriteLine("pci_functions: " + functions.Length.ToString());
            output.WriteLine("pci_buses: " + _scan.BusesScanned.ToString());
            output.WriteLine("pci_problems: " + problems.ToString());
            output.WriteLine("pci_scan_us: " + _scanMicroseconds.ToString());
            return null;
        }

        public static string Describe(PciFunctionInfo function)
        {
            string line = "pci " + function.Address.ToString()
                + " id=" + function.VendorId.ToString("x4") + ":" + function.DeviceId.ToString("x4")
                + " class=" + function.ClassCode.ToString("x2") + "." + function.Subclass.ToString("x2") + "." + function.ProgIf.ToString("x2")
                + " rev=0x" + function.Revision.ToString("x2")
                + " header=" + function.HeaderLayout.ToString() + (function.IsMultiFunction ? "+multi" : "");
            if (function.IsPciBridge) line += " buses=" + function.SecondaryBus.ToString() + "-" + function.SubordinateBus.ToString();
            line += " irq_pin=" + PinName(function.InterruptPin)
                + " irq_line=" + (function.InterruptPin == 0 || function.InterruptLine == 0xFF ? "-" : function.InterruptLine.ToString())
                + " msi=" + MsiText(function.Msi)
                + " msix=" + MsiXText(function.MsiX);
            for (int b = 0; b < function.Bars.Length; b++)
            {
                PciBar bar = function.Bars[b];
                line += " bar" + bar.Index.ToString() + "=" + bar.KindName + ":0x" + bar.Address.ToString("x") + ":0x" + bar.Size.ToString("x")
                    + (bar.Prefetchable ? ":prefetch" : "");
            }
            return line;
        }

        private static string PinName(byte pin) => pin switch
        {
            0 => "-",
            1 => "A",
            2 => "B",
            3 => "C",
            4 => "D",
            _ => pin.ToString(),
        };

        private static string MsiText(PciMsiCapability msi) =>
            msi is null ? "no" : (msi.Is64Bit ? "64bit" : "32bit") + (msi.PerVectorMasking ? "+mask" : "");

        private static string MsiXText(PciMsiXCapability msix) =>
            msix is null ? "no" : msix.TableSize.ToString() + "@bar" + msix.TableBar.ToString() + "+0x" + msix.TableOffset.ToString("x");
    }
}
