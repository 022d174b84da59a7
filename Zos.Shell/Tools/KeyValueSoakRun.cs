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
        // Where each acknowledged put is announced, or null; one line at a time.
        private readonly TextSink _print;
        private readonly object _printing = new object();
        private volatile bool _stopping;

        private KeyValueSoakRun(KeyValueStore store, ulong[] startAt, TextSink print)
        {
            Soak = new KeyValueSoak(store, startAt);
            _threads = new KernelThread[startAt.Length];
            _print = print;
        }

        public KeyValueSoak Soak { get; }

        // One writer per entry of startAt, going on after that many keys of its
        // own; print, when given, gets "put: <key> bytes=<n>" for each acknowledged
        // put (a power-cut test reads them). Null (and why) when a writer
        // cannot start; those started are stopped again.
        public static KeyValueSoakRun Start(KeyValueStore store, ulong[] startAt, TextSink print, out string error)
        {
            int writers = startAt.Length;
            var run = new KeyValueSoakRun(store, startAt, print);
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
            while (!_stopping && Soak.Step(writer))
            {
                if (_print is null) continue;
                ulong n = Soak.Acknowledged(writer) - 1;
                string line = "put: " + ByteKeys.Describe(KeyValueSoak.Key(writer, n)) + " bytes=" + KeyValueSoak.Value(writer, n).Length.ToString() + "\n";
                // Whole lines: the writers share the console.
                lock (_printing) _print.Write(line);
            }
        }
    }
}
