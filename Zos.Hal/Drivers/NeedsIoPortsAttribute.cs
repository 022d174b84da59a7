using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // The driver needs the I/O port range of this BAR (0–5).
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class NeedsIoPortsAttribute : Attribute
    {
        public NeedsIoPortsAttribute(int bar)
        {
            Bar = bar;
        }

        public int Bar { get; }
        public CapabilityRights Rights { get; set; } = CapabilityRights.ReadWrite;
    }
}
