using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Hosting
{
    // The kernel's performance of a manifest's [StopsDevice] at a recovery:
    // the write through the kernel's own root of the BAR (the driver's grant
    // is revoked by then), then polling the stopped register on the clock.
    // Polling rather than sleeping: a device stops within microseconds (QEMU's
    // NVMe at once) and the supervisor thread is preemptible.
    public static class DeviceStop
    {
        // Null when stopped, else why not; `done` says what was written and read, for `drivers`.
        // `reachable`: the bytes of the BAR the kernel may touch (not the MSI-X structures).
        public static string Perform(StopsDeviceAttribute stop, MmioRegion bar, ulong reachable, IMonotonicClock clock, out string done)
        {
            done = null;
            if (bar is null) return "BAR " + stop.Bar.ToString() + " is not mapped";
            ulong register = (ulong)stop.Register, stopped = (ulong)stop.StoppedRegister;
            if (register + 4 > reachable || stop.StoppedRegister >= 0 && stopped + 4 > reachable)
                return "register 0x" + (register + 4 > reachable ? register : stopped).ToString("x") + " lies beyond the 0x"
                    + reachable.ToString("x") + " bytes of BAR " + stop.Bar.ToString() + " the kernel may reach";
            ulong started = clock.NowNanoseconds;
            bar.Write32(register, stop.Value);
            string wrote = "wrote 0x" + stop.Value.ToString("x") + " to BAR " + stop.Bar.ToString() + " + 0x" + register.ToString("x");
            if (stop.StoppedRegister < 0)
            {
                done = wrote;
                return null;
            }
            ulong deadline = started + (ulong)stop.TimeoutMilliseconds * 1_000_000UL;
            while (true)
            {
                uint value = bar.Read32(stopped);
                ulong now = clock.NowNanoseconds;
                string read = "BAR " + stop.Bar.ToString() + " + 0x" + stopped.ToString("x") + " & 0x" + stop.StoppedMask.ToString("x")
                    + " read 0x" + (value & stop.StoppedMask).ToString("x");
                if ((value & stop.StoppedMask) == stop.StoppedValue)
                {
                    done = wrote + "; " + read + " after " + ((now - started) / 1000UL).ToString() + " us";
                    return null;
                }
                if (now >= deadline)
                    return wrote + "; " + read + ", not 0x" + stop.StoppedValue.ToString("x") + ", after " + stop.TimeoutMilliseconds.ToString() + " ms";
            }
        }
    }
}
