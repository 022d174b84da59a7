namespace Zos.Hal.Capabilities.Granting
{
    // One interrupt source as a driver thread sees it, whatever routes it: the
    // kernel implements it over IrqLines (an INTx line: its handler masks the
    // line and sets an event) or a message vector (MessageVectors: the handler
    // sets an event), host tests raise it by hand. An Irq capability calls
    // Wait and Acknowledge after its checks; the kernel connects it at a grant
    // and disconnects it at a driver's recovery.
    public abstract class IrqSignal
    {
        // number: the line (GSI) for IrqMode.Line, else the IDT vector;
        // entry: the MSI-X table entry (0 otherwise).
        protected IrqSignal(IrqMode mode, int number, int entry)
        {
            Mode = mode;
            Number = number;
            Entry = entry;
        }

        public IrqMode Mode { get; }
        public int Number { get; }
        public int Entry { get; }

        // "irq 11", "msi vector 0x70", "msi-x 2 vector 0x72".
        public string Source => Mode switch
        {
            IrqMode.Msi => "msi vector 0x" + Number.ToString("x2"),
            IrqMode.MsiX => "msi-x " + Entry.ToString() + " vector 0x" + Number.ToString("x2"),
            _ => "irq " + Number.ToString(),
        };

        // Blocks until the interrupt has fired since the last Wait, or the timeout
        // passes; true when it fired.
        public abstract bool Wait(int timeoutMilliseconds);

        // The driver has serviced its device: let it interrupt again (a line is
        // unmasked; a message needs nothing).
        public abstract void Acknowledge();

        // From now on the interrupt wakes Wait (a line's handler is attached;
        // whatever fired before is forgotten). Null, or why it cannot be.
        public abstract string Connect();

        // The device is quiet: detach from the line (other devices on it keep it).
        public abstract void Disconnect();
    }
}
