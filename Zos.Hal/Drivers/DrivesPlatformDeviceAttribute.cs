using System;

namespace Zos.Hal.Drivers
{
    // The driver drives this device of the platform, named as in
    // PlatformDeviceNames: a device at fixed addresses whose presence the
    // firmware reports, not a PCI function. A manifest names one platform
    // device or PCI devices, never both; a platform driver's resources are
    // [NeedsFixedIoPorts] and [NeedsIsaIrq].
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class DrivesPlatformDeviceAttribute : Attribute
    {
        public DrivesPlatformDeviceAttribute(string name)
        {
            Name = name;
        }

        public string Name { get; }
    }
}
