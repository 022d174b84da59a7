using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // A platform driver needs these I/O ports of its device, at their fixed
    // addresses: count ports from firstPort (several attributes for ports
    // apart, like the 8042's 0x60 and 0x64). Granted only when its platform
    // device has them.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class NeedsFixedIoPortsAttribute : Attribute
    {
        public NeedsFixedIoPortsAttribute(ushort firstPort, int count)
        {
            FirstPort = firstPort;
            Count = count;
        }

        public ushort FirstPort { get; }
        public int Count { get; }
        public CapabilityRights Rights { get; set; } = CapabilityRights.ReadWrite;
    }
}
