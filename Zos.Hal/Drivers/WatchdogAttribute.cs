using System;

namespace Zos.Hal.Drivers
{
    // How the kernel tells that an instance of the driver hangs. Without this
    // attribute neither watch is on (request deadlines are still checked).
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class WatchdogAttribute : Attribute
    {
        // The supervisor's heartbeat watch: the driver calls DriverContext.Heartbeat
        // at least this often and is hung after two silent periods (0: no watch).
        public int HeartbeatMilliseconds { get; set; }
        // The fault domain's watchdog: a driver thread on the CPU this long without yielding is stopped (0: none).
        public int CpuMilliseconds { get; set; }
    }
}
