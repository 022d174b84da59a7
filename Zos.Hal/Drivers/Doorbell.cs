namespace Zos.Hal.Drivers
{
    // Wakes the other side of a channel when something was put in a ring. The
    // kernel implements it with an event; host tests count.
    public abstract class Doorbell
    {
        public abstract void Ring();

        // True when rung since the last Wait, within the timeout.
        public abstract bool Wait(int timeoutMilliseconds);
    }
}
