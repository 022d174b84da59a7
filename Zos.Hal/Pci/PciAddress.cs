using System;

namespace Zos.Hal.Pci
{
    // Where a PCI function lives: segment group, bus, device (0-31), function (0-7).
    public readonly struct PciAddress : IEquatable<PciAddress>
    {
        public const int DevicesPerBus = 32;
        public const int FunctionsPerDevice = 8;

        public PciAddress(ushort segment, byte bus, byte device, byte function)
        {
            if (device >= DevicesPerBus) throw new ArgumentException("PCI device " + device.ToString() + " is above 31");
            if (function >= FunctionsPerDevice) throw new ArgumentException("PCI function " + function.ToString() + " is above 7");
            Segment = segment;
            Bus = bus;
            Device = device;
            Function = function;
        }

        public ushort Segment { get; }
        public byte Bus { get; }
        public byte Device { get; }
        public byte Function { get; }

        // What the device puts on its DMA requests (bus << 8 | device << 3 | function), which an IOMMU sorts them by.
        public ushort RequesterId => (ushort)(Bus << 8 | Device << 3 | Function);

        public PciAddress WithFunction(byte function) => new PciAddress(Segment, Bus, Device, function);

        public bool Equals(PciAddress other) =>
            Segment == other.Segment && Bus == other.Bus && Device == other.Device && Function == other.Function;

        public override bool Equals(object obj) => obj is PciAddress other && Equals(other);

        public override int GetHashCode() => (Segment << 16) | (Bus << 8) | (Device << 3) | Function;

        public static bool operator ==(PciAddress left, PciAddress right) => left.Equals(right);
        public static bool operator !=(PciAddress left, PciAddress right) => !left.Equals(right);

        // bb:dd.f as lspci prints it, with the segment in front when it is not 0.
        public override string ToString()
        {
            string local = Bus.ToString("x2") + ":" + Device.ToString("x2") + "." + Function.ToString();
            return Segment == 0 ? local : Segment.ToString("x4") + ":" + local;
        }
    }
}
