using Zos.Hal.Apic;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Interrupts;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.DeviceAccess
{
    // Device interrupts on this machine: INTx through IrqLines, messages to
    // vectors from MessageVectors on the boot CPU's local APIC.
    public sealed class KernelInterruptRouting : InterruptRouting
    {
        public static readonly KernelInterruptRouting Instance = new KernelInterruptRouting();

        private KernelInterruptRouting() { }

        public override bool DeliversMessages => MessageVectors.Available;
        public override byte DestinationApicId => (byte)LocalApic.Id;

        public override IrqSignal Line(byte interruptLine) => new LineIrqSignal(interruptLine);

        public override IrqSignal Message(IrqMode mode, int entry, out string problem) => MessageIrqSignal.Allocate(mode, entry, out problem);
    }
}
