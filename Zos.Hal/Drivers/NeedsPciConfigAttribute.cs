using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // The driver needs its function's PCI configuration space.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NeedsPciConfigAttribute : Attribute
    {
        public CapabilityRights Rights { get; set; } = CapabilityRights.Read;
    }
}
