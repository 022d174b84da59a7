namespace Zos.Hal.Capabilities
{
    // How a device's interrupt reaches its driver, as the kernel set it up.
    public enum IrqMode
    {
        // The device's INTx pin, on a line it may share with other devices.
        Line,
        // One MSI message to a vector of its own.
        Msi,
        // One entry of the device's MSI-X table, to a vector of its own.
        MsiX,
    }
}
