using Zos.Hal.Drivers;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // A channel's doorbell in the kernel: an auto-reset event.
    public sealed class EventDoorbell : Doorbell
    {
        private readonly KernelEvent _event = new KernelEvent(autoReset: true);

        public override void Ring() => _event.Set();

        public override bool Wait(int timeoutMilliseconds) => _event.Wait(timeoutMilliseconds);
    }
}
