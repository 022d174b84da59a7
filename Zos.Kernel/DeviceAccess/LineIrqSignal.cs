using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Interrupts;
using Zos.Kernel.Threading;

namespace Zos.Kernel.DeviceAccess
{
    // A device's INTx interrupt for its driver thread. PCI INTx is level
    // triggered: the device keeps the line asserted until the driver has
    // serviced it, which happens later on the driver's thread. So the handler
    // masks the line and wakes the driver; Acknowledge (the device is quiet
    // now) unmasks it. The handler claims every interrupt on the line: it cannot
    // read its device's status without the driver's capability.
    public sealed class LineIrqSignal : IrqSignal
    {
        private readonly byte _isaIrq;
        private readonly uint _line;
        private readonly KernelEvent _fired = new KernelEvent(autoReset: true);
        private readonly Handler _handler;
        private bool _attached;

        private LineIrqSignal(byte isaIrq, uint line) : base(IrqMode.Line, (int)line, 0)
        {
            _isaIrq = isaIrq;
            _line = line;
            _handler = new Handler(this);
        }

        // isaIrq: the interrupt line register of the function (what firmware routed INTx to).
        public LineIrqSignal(byte isaIrq) : this(isaIrq, IrqLines.IsaLine(isaIrq)) { }

        // Routes the line to the handler (at a grant); null, or why it cannot be.
        public override string Connect()
        {
            if (_attached) return null;
            _fired.Reset();
            string error = IrqLines.AttachIsa(_isaIrq, _handler);
            if (error is not null) return error;
            _attached = true;
            IrqLines.Unmask(_line);
            return null;
        }

        // Takes the handler off the line (at recovery, with the device's INTx
        // already disabled). A line other devices share is unmasked for them.
        public override void Disconnect()
        {
            if (!_attached) return;
            IrqLines.DetachIsa(_isaIrq, _handler);
            _attached = false;
            _fired.Reset();
            if (IrqLines.HandlerCount(_line) > 0) IrqLines.Unmask(_line);
        }

        public override bool Wait(int timeoutMilliseconds) => _fired.Wait(timeoutMilliseconds);

        public override void Acknowledge()
        {
            if (_attached) IrqLines.Unmask(_line);
        }

        private sealed class Handler : IrqHandler
        {
            private readonly LineIrqSignal _signal;

            public Handler(LineIrqSignal signal) => _signal = signal;

            public override bool Handle()
            {
                IrqLines.Mask(_signal._line);
                _signal._fired.Set();
                return true;
            }
        }
    }
}
