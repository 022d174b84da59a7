using System;
using Zos.Hal;
using Zos.Hal.Timing;

namespace Zos.Kernel.Threading
{
    // A one-shot or periodic timer with a resolution of one scheduler tick.
    // The callback runs in the timer interrupt, under the IrqHandler contract:
    // short, no blocking, no allocation; it may signal events and semaphores.
    public sealed class KernelTimer
    {
        private static readonly GrowableArray<KernelTimer> s_active = new GrowableArray<KernelTimer>();

        private readonly Action _callback;
        private ulong _dueNanoseconds;
        private ulong _periodNanoseconds;
        private bool _armed;

        public KernelTimer(Action callback) => _callback = callback;

        public ulong Fired { get; private set; }
        public bool IsArmed => _armed;

        // Fires once after dueMilliseconds, then every periodMilliseconds (0: once only).
        public void Start(int dueMilliseconds, int periodMilliseconds = 0)
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            _dueNanoseconds = TimestampClock.NanosecondsSinceBoot + (ulong)dueMilliseconds * 1_000_000UL;
            _periodNanoseconds = (ulong)periodMilliseconds * 1_000_000UL;
            if (!_armed) s_active.Add(this);
            _armed = true;
            Cpu.RestoreInterrupts(flags);
        }

        public void Stop()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (_armed) s_active.RemoveAt(IndexOfArmed(this));
            _armed = false;
            Cpu.RestoreInterrupts(flags);
        }

        // From the tick, interrupts disabled.
        internal static void RunDue(ulong now)
        {
            for (int i = 0; i < s_active.Count; i++)
            {
                KernelTimer timer = s_active[i];
                if (timer._dueNanoseconds > now) continue;
                if (timer._periodNanoseconds == 0)
                {
                    timer._armed = false;
                    s_active.RemoveAt(i--);
                }
                else timer._dueNanoseconds += timer._periodNanoseconds;
                timer.Fired++;
                timer._callback();
            }
        }

        private static int IndexOfArmed(KernelTimer timer)
        {
            int index = 0;
            while (s_active[index] != timer) index++;
            return index;
        }
    }
}
