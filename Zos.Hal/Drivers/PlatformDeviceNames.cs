namespace Zos.Hal.Drivers
{
    // The platform devices the kernel knows how to find, by the names
    // [DrivesPlatformDevice] takes. Every constant here is one device the
    // kernel describes (Zos.Hal.Platform.PcPlatformDevices); the manifest
    // generator refuses a name that is not one of them.
    public static class PlatformDeviceNames
    {
        // The 8042 keyboard controller: data port 0x60, status and command port
        // 0x64, IRQ 1 for its keyboard port and IRQ 12 for its auxiliary port.
        public const string I8042 = "i8042";

        public static bool IsKnown(string name) => name == I8042;
    }
}
