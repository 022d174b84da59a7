using Zos.Hal.Drivers;
using Zos.Hal.Pci;

namespace Zos.Kernel.Hosting
{
    // Matches catalog drivers to the PCI functions found at boot: at most one
    // driver per function; a driver naming the function's vendor/device pair
    // wins over one that drives its class; among equals the catalog's order
    // decides. Every function gets an instance of its own.
    public static class DriverBinder
    {
        public static DriverBinding[] Bind(DriverCatalog catalog, PciFunctionInfo[] functions)
        {
            var bindings = new DriverBinding[functions.Length];
            int count = 0;
            for (int f = 0; f < functions.Length; f++)
            {
                PciFunctionInfo function = functions[f];
                DriverRegistration chosen = Choose(catalog, function);
                if (chosen is null) continue;
                int sameDriver = 0;
                for (int b = 0; b < count; b++)
                    if (bindings[b].Registration == chosen) sameDriver++;
                string name = chosen.Manifest.InstanceName(sameDriver);
                bindings[count++] = new DriverBinding(name, chosen, function);
            }
            var result = new DriverBinding[count];
            for (int i = 0; i < count; i++) result[i] = bindings[i];
            return result;
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

    // One driver instance to start: which driver, on which PCI function, and
    // the instance's name (the driver's name, numbered from the second device on).
    public sealed class DriverBinding(string instanceName, DriverRegistration registration, PciFunctionInfo function)
    {
        public string InstanceName { get; } = instanceName;
        public DriverRegistration Registration { get; } = registration;
        public PciFunctionInfo Function { get; } = function;
    }
}
