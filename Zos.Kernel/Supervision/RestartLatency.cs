using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // Restart latency of one driver: from the end of an incarnation (the crash's
    // time, or the clean exit's) to the next incarnation reaching Running. It
    // includes cleanup, the policy's backoff delay, spawn, initialisation and probe.
    public sealed class RestartLatency
    {
        public int Count { get; private set; }
        public ulong LastNanoseconds { get; private set; }
        public ulong MinNanoseconds { get; private set; }
        public ulong MaxNanoseconds { get; private set; }
        public ulong TotalNanoseconds { get; private set; }
        public ulong AverageNanoseconds => Count == 0 ? 0 : TotalNanoseconds / (ulong)Count;

        public void Add(ulong nanoseconds)
        {
            if (Count == 0 || nanoseconds < MinNanoseconds) MinNanoseconds = nanoseconds;
            if (nanoseconds > MaxNanoseconds) MaxNanoseconds = nanoseconds;
            LastNanoseconds = nanoseconds;
            TotalNanoseconds += nanoseconds;
            Count++;
        }
    }
}
