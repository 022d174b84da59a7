namespace Zos.Drivers.Ahci
{
    // How the engine lets time pass while it waits for the HBA (an engine to
    // stop, a reset to finish, a link to come up). The engine counts its
    // waits in pauses, so Pause must let at least `milliseconds` pass: a
    // driver blocks its thread (a timed wait on its interrupt or channel, and
    // a heartbeat when the wait is long), host tests advance a simulated clock.
    public interface IAhciDelay
    {
        void Pause(int milliseconds);
    }
}
