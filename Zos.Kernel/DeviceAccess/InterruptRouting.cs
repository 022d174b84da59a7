using Zos.Hal.Apic;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Interrupts;

namespace Zos.Kernel.DeviceAccess
{
    // Where DeviceInterrupts gets its signals from: the kernel's interrupt
    // controllers (KernelInterruptRouting), or a simulation in host tests.
    public abstract class InterruptRouting
    {
        // Whether messages can be delivered at all (a local APIC is running).
        public abstract bool DeliversMessages { get; }

        // The local APIC that messages go to.
        public abstract byte DestinationApicId { get; }

        // The INTx line firmware routed the function to (its interrupt line register, 0-15).
        public abstract IrqSignal Line(byte interruptLine);

        // A signal on a vector of its own, kept for good; null with problem when none is free.
        public abstract IrqSignal Message(IrqMode mode, int entry, out string problem);
    }

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
