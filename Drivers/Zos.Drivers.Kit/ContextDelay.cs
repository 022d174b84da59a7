using Zos.Hal.Drivers;

namespace Zos.Drivers
{
    // An engine's waits as real time: the driver's thread sleeps (with a heartbeat).
    public sealed class ContextDelay(DriverContext context) : IDeviceDelay
    {
        public void Pause(int milliseconds) => context.Sleep(milliseconds);
    }
}
