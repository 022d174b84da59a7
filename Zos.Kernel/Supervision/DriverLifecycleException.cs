using System;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;

namespace Zos.Kernel.Supervision
{
    // A lifecycle event that is not legal in the driver's current state.
    public sealed class DriverLifecycleException : InvalidOperationException
    {
        public DriverLifecycleException(string message) : base(message) { }
    }
}
