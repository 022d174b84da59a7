namespace Zos.Hal.Capabilities.Granting
{
    // One interrupt line as a driver thread sees it, whatever routes it: the
    // kernel implements it over IrqLines (its handler masks the line and sets an
    // event), host tests raise it by hand. An Irq capability calls it after its checks.
    public abstract class IrqSignal
    {
        // The line (GSI) or vector, for logs.
        public abstract int Line { get; }

        // Blocks until the interrupt has fired since the last Wait, or the timeout
        // passes; true when it fired.
        public abstract bool Wait(int timeoutMilliseconds);

        // The driver has serviced its device: let the line interrupt again.
        public abstract void Acknowledge();
    }
}
