using Zos.Hal.Capabilities;
using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Hosting;

namespace Zos.Shell.Commands
{
    // Which interrupt a driver's device gets: auto (MSI-X, else MSI, else its
    // INTx line) or intx (the line only, like Linux's pci=nomsi for one device).
    // A running incarnation keeps what it has; the next one gets the new mode.
    public sealed class IrqModeCommand : ShellCommand
    {
        public override string Name => "irqmode";
        public override string Usage => "irqmode <driver> [auto|intx]";
        public override string Summary => "a driver's interrupt mode from its next incarnation on (auto: msi-x, msi, intx)";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length < 1 || arguments.Length > 2) return "irqmode takes a driver name and optionally auto or intx";
            DriverInstance instance = DriverHost.Find(arguments[0]);
            if (instance is null) return "no driver named '" + arguments[0] + "'";
            if (instance.DrivesPlatformDevice) return instance.Name + " drives a platform device: its interrupts are ISA lines, no messages";
            DeviceInterrupts interrupts = instance.Device.Interrupts;
            if (arguments.Length == 2)
            {
                if (arguments[1] == "auto") interrupts.LinesOnly = false;
                else if (arguments[1] == "intx") interrupts.LinesOnly = true;
                else return "unknown interrupt mode '" + arguments[1] + "' (auto or intx)";
            }
            string now = interrupts.TryPickMode(out IrqMode mode) ? CapabilityText.Of(mode) : "none";
            output.WriteLine("irqmode " + instance.Name + " " + (interrupts.LinesOnly ? "intx" : "auto") + " now=" + now);
            return null;
        }
    }
}
