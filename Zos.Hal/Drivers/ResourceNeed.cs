using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // One resource a driver's manifest asks for, with the rights it wants.
    public readonly struct ResourceNeed
    {
        public ResourceNeed(ResourceKind kind, int bar, CapabilityRights rights, ulong bytes, ulong deviceAddressLimit, MmioCaching caching)
            : this(kind, bar, rights, bytes, deviceAddressLimit, caching, -1, 0)
        {
        }

        private ResourceNeed(ResourceKind kind, int bar, CapabilityRights rights, ulong bytes, ulong deviceAddressLimit, MmioCaching caching,
            int number, int count)
        {
            Kind = kind;
            Bar = bar;
            Rights = rights;
            Bytes = bytes;
            DeviceAddressLimit = deviceAddressLimit;
            Caching = caching;
            Number = number;
            Count = count;
        }

        // count ports from firstPort, at their fixed addresses.
        public static ResourceNeed FixedPorts(int firstPort, int count, CapabilityRights rights) =>
            new ResourceNeed(ResourceKind.FixedIoPorts, -1, rights, 0, 0, MmioCaching.Uncached, firstPort, count);

        public static ResourceNeed IsaInterrupt(int irq, CapabilityRights rights) =>
            new ResourceNeed(ResourceKind.IsaIrq, -1, rights, 0, 0, MmioCaching.Uncached, irq, 1);

        public ResourceKind Kind { get; }
        // IoPorts and Mmio: the BAR index; -1 otherwise.
        public int Bar { get; }
        public CapabilityRights Rights { get; }
        // Dma only.
        public ulong Bytes { get; }
        public ulong DeviceAddressLimit { get; }
        // Mmio only.
        public MmioCaching Caching { get; }
        // FixedIoPorts: the first port; IsaIrq: the IRQ; -1 otherwise.
        public int Number { get; }
        // FixedIoPorts: how many ports; IsaIrq: 1; 0 otherwise.
        public int Count { get; }

        // Whether a fixed-port need covers [first, first + count).
        public bool HoldsPorts(int first, int count) =>
            Kind == ResourceKind.FixedIoPorts && count > 0 && first >= Number && first + count <= Number + Count;
    }
}
