using System;

namespace Zos.Kernel.Drivers
{
    // A lifecycle event that is not legal in the driver's current state.
    public sealed class DriverLifecycleException : InvalidOperationException
    {
        public DriverLifecycleException(string message) : base(message) { }
    }
}
