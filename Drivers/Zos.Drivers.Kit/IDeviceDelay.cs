namespace Zos.Drivers
{
    // How a device engine lets time pass while it waits for the hardware (an
    // engine to stop, a reset to finish, a controller to become ready). The
    // engine counts its waits in pauses, so Pause must let at least
    // `milliseconds` pass: a driver blocks its thread (ContextDelay), host
    // tests advance a simulated clock.
    public interface IDeviceDelay
    {
        void Pause(int milliseconds);
    }
}
