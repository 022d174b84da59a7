using System;

namespace Zos.Hal.Drivers
{
    // The driver drives this PCI vendor/device pair (several allowed).
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    public sealed class DrivesPciDeviceAttribute : Attribute
    {
        public DrivesPciDeviceAttribute(ushort vendorId, ushort deviceId)
        {
            VendorId = vendorId;
            DeviceId = deviceId;
        }

        public ushort VendorId { get; }
        public ushort DeviceId { get; }
    }
}
