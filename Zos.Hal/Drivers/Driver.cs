namespace Zos.Hal.Drivers
{
    // A device driver. The kernel creates one instance per matched device, in
    // the device's own driver domain (its own threads, memory quota and
    // capabilities), and calls, on the domain's thread:
    //   Initialize — ask for the capabilities through the context (Initializing);
    //                returning means CapabilityGranted, context.Fail means Failed;
    //   Probe      — check that the device is there and answers (Probing);
    //   Run        — serve until context.StopRequested (Running); returning ends
    //                the instance normally.
    // A throw, a fault, a capability violation, a missed heartbeat or
    // context.Fail ends the instance as a crash; the supervisor decides whether
    // a fresh instance starts. Nothing survives a restart but what the kernel
    // keeps: a driver holds no static state.
    public abstract class Driver
    {
        public abstract void Initialize(DriverContext context);

        public abstract void Probe(DriverContext context);

        public abstract void Run(DriverContext context);
    }
}
