using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // The driver needs a DMA pool of this many bytes, its buffers below
    // DeviceAddressLimit (the device's DMA address width; 4 GiB by default).
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NeedsDmaAttribute : Attribute
    {
        public NeedsDmaAttribute(ulong bytes)
        {
            Bytes = bytes;
        }

        public ulong Bytes { get; }
        public ulong DeviceAddressLimit { get; set; } = 0x1_0000_0000UL;
        public CapabilityRights Rights { get; set; } = CapabilityRights.Allocate | CapabilityRights.ReadWrite;
    }
}
