namespace Zos.Hal.Drivers.Block
{
    // How a block request ended. Anything but Ok comes with a message.
    public enum BlockStatus
    {
        Ok,
        // The device reported an I/O error.
        IoError,
        // The device does not do this (a flush on a device without one, say).
        Unsupported,
        // A write to a read-only device.
        ReadOnly,
        // Sectors beyond the device's capacity, or a buffer too small for them.
        OutOfRange,
        // The device, or its driver, could not carry the request out (crashed too often, failed).
        DeviceFailed,
    }
}
