using Zos.Hal.Pci;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Hosting
{
    // One driver instance to start: which driver, on which PCI function, and
    // the instance's name (the driver's name, numbered from the second device on).
    public sealed class DriverBinding
    {
        public DriverBinding(string instanceName, DriverRegistration registration, PciFunctionInfo function)
        {
            InstanceName = instanceName;
            Registration = registration;
            Function = function;
        }

        public string InstanceName { get; }
        public DriverRegistration Registration { get; }
        public PciFunctionInfo Function { get; }
    }
}
