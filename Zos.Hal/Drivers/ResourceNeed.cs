using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // One resource a driver's manifest asks for, with the rights it wants.
    public readonly struct ResourceNeed
    {
        public ResourceNeed(ResourceKind kind, int bar, CapabilityRights rights, ulong bytes, ulong deviceAddressLimit, MmioCaching caching)
        {
            Kind = kind;
            Bar = bar;
            Rights = rights;
            Bytes = bytes;
            DeviceAddressLimit = deviceAddressLimit;
            Caching = caching;
        }

        public ResourceKind Kind { get; }
        // IoPorts and Mmio: the BAR index; -1 otherwise.
        public int Bar { get; }
        public CapabilityRights Rights { get; }
        // Dma only.
        public ulong Bytes { get; }
        public ulong DeviceAddressLimit { get; }
        // Mmio only.
        public MmioCaching Caching { get; }
    }
}
