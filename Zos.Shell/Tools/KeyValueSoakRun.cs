using System;
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
            var run = new KeyValueSoakRun(store, startAt, print);
            if (StartThreads("kv-soak-", run._threads, run.Loop, out error)) return run;
            run.Stop();
            return null;
        }

        // One kernel thread per slot of threads, named prefix<w>, running loop(w); false
        // (and why) when one cannot start: the slots started so far are filled. Shared with `kv bench`.
        public static bool StartThreads(string prefix, KernelThread[] threads, Action<int> loop, out string error)
        {
            error = null;
            for (int w = 0; w < threads.Length && error is null; w++)
            {
                int writer = w;
                threads[w] = Scheduler.Start(prefix + w.ToString(), () => loop(writer), ThreadPriority.Normal, null, out error);
            }
            return error is null;
        }

        // Waits for every thread started (up to timeoutMilliseconds each); false if one did not end in time.
        public static bool JoinAll(KernelThread[] threads, int timeoutMilliseconds)
        {
            bool ended = true;
            for (int w = 0; w < threads.Length; w++)
                if (threads[w] is not null && !threads[w].Join(timeoutMilliseconds)) ended = false;
            return ended;
        }

        // Asks the writers to stop after their step and waits for them; false if one did not end in time.
        public bool Stop()
        {
            _stopping = true;
            return JoinAll(_threads, StopMilliseconds);
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
