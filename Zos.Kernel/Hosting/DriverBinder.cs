using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Hal.Platform;

namespace Zos.Kernel.Hosting
{
    // Matches catalog drivers to the devices found at boot: the PCI functions
    // enumerated and the platform devices the firmware says are there. At most
    // one driver per device; for a PCI function a driver naming its
    // vendor/device pair wins over one that drives its class; among equals
    // the catalog's order decides. A platform device goes to the first driver
    // that names it, and only when present: one the firmware says is absent
    // (the FADT without the 8042 flag) binds nothing. Every device gets an
    // instance of its own.
    public static class DriverBinder
    {
        public static DriverBinding[] Bind(DriverCatalog catalog, PciFunctionInfo[] functions, PlatformDevice[] platformDevices)
        {
            var bindings = new DriverBinding[functions.Length + platformDevices.Length];
            int count = 0;
            for (int f = 0; f < functions.Length; f++)
            {
                DriverRegistration chosen = Choose(catalog, functions[f]);
                if (chosen is null) continue;
                bindings[count] = new DriverBinding(NextName(bindings, count, chosen), chosen, functions[f], null);
                count++;
            }
            for (int p = 0; p < platformDevices.Length; p++)
            {
                DriverRegistration chosen = Choose(catalog, platformDevices[p]);
                if (chosen is null) continue;
                bindings[count] = new DriverBinding(NextName(bindings, count, chosen), chosen, null, platformDevices[p]);
                count++;
            }
            var result = new DriverBinding[count];
            for (int i = 0; i < count; i++) result[i] = bindings[i];
            return result;
        }

        // The driver for one platform device: null when it is absent or no driver names it.
        public static DriverRegistration Choose(DriverCatalog catalog, PlatformDevice device)
        {
            if (!device.Present) return null;
            for (int i = 0; i < catalog.Count; i++)
                if (catalog.At(i).Manifest.PlatformDevice == device.Name) return catalog.At(i);
            return null;
        }

        // The instance name of the driver's next binding after the first `count`.
        private static string NextName(DriverBinding[] bindings, int count, DriverRegistration driver)
        {
            int sameDriver = 0;
            for (int b = 0; b < count; b++)
                if (bindings[b].Registration == driver) sameDriver++;
            return driver.Manifest.InstanceName(sameDriver);
        }

        // The driver for one function, or null when none drives it.
        public static DriverRegistration Choose(DriverCatalog catalog, PciFunctionInfo function)
        {
            DriverRegistration byClass = null;
            for (int i = 0; i < catalog.Count; i++)
            {
                DriverManifest manifest = catalog.At(i).Manifest;
                if (manifest.MatchesExactly(function.VendorId, function.DeviceId)) return catalog.At(i);
                if (byClass is null && manifest.Matches(function.VendorId, function.DeviceId, function.ClassCode, function.Subclass, function.ProgIf))
                    byClass = catalog.At(i);
            }
            return byClass;
        }
    }

    // One driver instance to start: which driver, on which device (a PCI
    // function or a platform device, the other null), and the instance's name
    // (the driver's name, numbered from the second device on, or its prefix and number).
    public sealed class DriverBinding(string instanceName, DriverRegistration registration, PciFunctionInfo function, PlatformDevice platform)
    {
        public string InstanceName { get; } = instanceName;
        public DriverRegistration Registration { get; } = registration;
        // Null for a platform device.
        public PciFunctionInfo Function { get; } = function;
        // Null for a PCI function.
        public PlatformDevice Platform { get; } = platform;
    }
}
