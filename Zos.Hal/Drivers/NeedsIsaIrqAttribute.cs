using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // A platform driver needs this ISA interrupt (0-15) of its device,
    // delivered wherever the firmware's interrupt source override routes it.
    // Granted only when its platform device has it.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class NeedsIsaIrqAttribute : Attribute
    {
        public NeedsIsaIrqAttribute(int irq)
        {
            Irq = irq;
        }

        public int Irq { get; }
        public CapabilityRights Rights { get; set; } = CapabilityRights.Wait | CapabilityRights.Acknowledge;
    }
}
