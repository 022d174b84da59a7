using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // The driver needs its device's interrupt.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NeedsIrqAttribute : Attribute
    {
        public CapabilityRights Rights { get; set; } = CapabilityRights.Wait | CapabilityRights.Acknowledge;
    }
}
