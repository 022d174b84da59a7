using Zos.Kernel.KeyValue;
using Zos.Kernel.Threading;

namespace Zos.Shell.Tools
{
    // A KeyValueSoak with one kernel thread per writer, so the shell stays
    // free to crash the driver while it runs (`kv soak start|status|stop`).
    // The writers share the store's group commit.
    public sealed class KeyValueSoakRun
    {
        public const int StopMilliseconds = 30_000;

        private readonly KernelThread[] _threads;
        private volatile bool _stopping;

        private KeyValueSoakRun(KeyValueStore store, int writers)
        {
            Soak = new KeyValueSoak(store, writers);
            _threads = new KernelThread[writers];
        }

        public KeyValueSoak Soak { get; }

        // Null (and why) when a writer cannot start; those started are stopped again.
        public static KeyValueSoakRun Start(KeyValueStore store, int writers, out string error)
        {
            var run = new KeyValueSoakRun(store, writers);
            error = null;
            for (int w = 0; w < writers && error is null; w++)
            {
                int writer = w;
                run._threads[w] = Scheduler.Start("kv-soak-" + w.ToString(), () => run.Loop(writer), ThreadPriority.Normal, null, out error);
            }
            if (error is null) return run;
            run.Stop();
            return null;
        }

        // Asks the writers to stop after their step and waits for them; false if one did not end in time.
        public bool Stop()
        {
            _stopping = true;
            bool ended = true;
            for (int w = 0; w < _threads.Length; w++)
                if (_threads[w] is not null && !_threads[w].Join(StopMilliseconds)) ended = false;
            return ended;
        }

        private void Loop(int writer)
        {
            while (!_stopping && Soak.Step(writer)) { }
        }
    }
}
