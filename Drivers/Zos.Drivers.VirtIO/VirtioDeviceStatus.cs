using System;

namespace Zos.Drivers.VirtIO
{
    // The device status field (virtio 1.2, 2.1): the driver sets these bits in
    // the order of the initialization handshake (3.1); 0 resets the device.
    [Flags]
    public enum VirtioDeviceStatus : byte
    {
        None = 0,
        Acknowledge = 1,        // the guest noticed the device
        Driver = 2,             // the guest knows how to drive it
        DriverOk = 4,           // the driver is set up: the device is live
        FeaturesOk = 8,         // the driver's features are final (the device may refuse: it does not keep the bit)
        DeviceNeedsReset = 64,  // set by the device: it hit an error it cannot recover from
        Failed = 128,           // set by the driver: it gave up on the device
    }
}
