using System;
using Zos.Hal.Capabilities;

namespace Zos.Hal.Drivers
{
    // The driver needs the memory range of this BAR (0–5).
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class NeedsMmioAttribute : Attribute
    {
        public NeedsMmioAttribute(int bar)
        {
            Bar = bar;
        }

        public int Bar { get; }
        public CapabilityRights Rights { get; set; } = CapabilityRights.ReadWrite;
        public MmioCaching Caching { get; set; } = MmioCaching.Uncached;
    }
}
