namespace Zos.Hal.Platform
{
    // A device of the PC platform at fixed, well-known addresses (IBM PC/AT
    // Technical Reference), found by asking the firmware rather than by
    // enumerating a bus. What it has (its port ranges and ISA interrupts) is
    // what a driver bound to it can be granted, as a PCI function's BARs are
    // for a PCI driver; Present and Presence say whether the firmware says it
    // is there, and on what evidence.
    public sealed class PlatformDevice
    {
        private readonly FixedPortRange[] _ports;
        private readonly byte[] _isaIrqs;

        public PlatformDevice(string name, string description, FixedPortRange[] ports, byte[] isaIrqs, bool present, string presence)
        {
            Name = name;
            Description = description;
            _ports = ports;
            _isaIrqs = isaIrqs;
            Present = present;
            Presence = presence;
        }

        // What drivers name in [DrivesPlatformDevice] ("i8042").
        public string Name { get; }
        public string Description { get; }
        public bool Present { get; }
        // Why it is taken to be there, or why not ("the FADT's IA-PC boot architecture flags 0x3 name an 8042").
        public string Presence { get; }

        public int PortRangeCount => _ports.Length;
        public FixedPortRange PortRange(int index) => _ports[index];
        public int IsaIrqCount => _isaIrqs.Length;
        public byte IsaIrq(int index) => _isaIrqs[index];

        // The index of the port range that holds [first, first + count), or -1.
        public int PortRangeHolding(int first, int count)
        {
            for (int i = 0; i < _ports.Length; i++)
                if (_ports[i].Holds(first, count)) return i;
            return -1;
        }

        public bool HasIsaIrq(int irq)
        {
            for (int i = 0; i < _isaIrqs.Length; i++)
                if (_isaIrqs[i] == irq) return true;
            return false;
        }

        // "i8042 ports 0x60,0x64 irqs 1,12", for messages and the boot log.
        public override string ToString()
        {
            string text = Name + " ports ";
            for (int i = 0; i < _ports.Length; i++) text += (i == 0 ? "" : ",") + _ports[i].ToString();
            text += " irqs ";
            for (int i = 0; i < _isaIrqs.Length; i++) text += (i == 0 ? "" : ",") + _isaIrqs[i].ToString();
            return text;
        }
    }
}
