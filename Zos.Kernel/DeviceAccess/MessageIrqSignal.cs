using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Interrupts;
using Zos.Kernel.Threading;

namespace Zos.Kernel.DeviceAccess
{
    // An MSI or MSI-X message for its driver thread, on a vector of its own
    // (MessageVectors). A message is an edge: nothing stays asserted and
    // nothing is shared, so the handler only wakes the driver and Acknowledge
    // has nothing to do. The device side (programming the message, masking it
    // at recovery) is DeviceInterrupts'.
    public sealed class MessageIrqSignal : IrqSignal
    {
        private readonly KernelEvent _fired;

        private MessageIrqSignal(IrqMode mode, int vector, int entry, KernelEvent fired) : base(mode, vector, entry)
        {
            _fired = fired;
        }

        // A signal on a newly allocated vector; null with problem when none is free.
        public static MessageIrqSignal Allocate(IrqMode mode, int entry, out string problem)
        {
            var fired = new KernelEvent(autoReset: true);
            int vector = MessageVectors.Allocate(new Handler(fired), out problem);
            return vector < 0 ? null : new MessageIrqSignal(mode, vector, entry, fired);
        }

        public override bool Wait(int timeoutMilliseconds) => _fired.Wait(timeoutMilliseconds);

        public override void Acknowledge() { }

        // A message that arrived for an earlier incarnation is not this one's.
        public override string Connect()
        {
            _fired.Reset();
            return null;
        }

        public override void Disconnect() => _fired.Reset();

        private sealed class Handler : IrqHandler
        {
            private readonly KernelEvent _fired;

            public Handler(KernelEvent fired) => _fired = fired;

            public override bool Handle()
            {
                _fired.Set();
                return true;
            }
        }
    }
}
