using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Kernel.Storage;
using Zos.Kernel.Diagnostics;
using System;

namespace Zos.Kernel.Supervision
{
    // A lifecycle event that is not legal in the driver's current state.
    public sealed class DriverLifecycleException : InvalidOperationException
    {
        public DriverLifecycleException(string message) : base(message) { }
    }
}
