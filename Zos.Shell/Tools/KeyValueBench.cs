using System;
using Zos.Kernel;
using Zos.Kernel.KeyValue;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Shell.Tools
{
    // `kv bench`: the store's numbers measured in Zos (issue 15,
    // docs/benchmarks.md), each printed as one "bench: <what> key=value ..."
    // line. Puts run on kernel threads as the soak's writers do
    // (KeyValueSoakRun.StartThreads) and share the store's group commit; the
    // shell waits for them. `raw` is the device's own write+flush round trip
    // through the same IBlockStorage, the bound a single durable put cannot beat.
    public static class KeyValueBench
    {
        public const string Usage = "bench takes puts <writers> <value-bytes> <ms>, gets <count> [uncached], list <prefix> [walks], "
            + "fill <keys> <value-bytes> or raw <ms>";
        public const string FillPrefix = "fill/";
        public const string PutsPrefix = "bench/";
        public const ulong MaxWriters = 16;
        // Long enough for any row, short enough that a typo does not hang the shell for hours.
        public const ulong MaxMilliseconds = 600_000;
        public const ulong MaxCount = 100_000_000;
        private const int FillBatchKeys = 1000;
        private const int DefaultWalks = 20;
        // Writers end their last put after the deadline; one stuck in a dead device must not hang the shell.
        private const int JoinSlackMilliseconds = 30_000;

        public static string Run(KeyValueStore store, IBlockStorage device, IMonotonicClock clock, string[] arguments, TextSink output)
        {
            string operation = arguments.Length > 1 ? arguments[1] : "";
            ulong a, b, c;
            switch (operation)
            {
                case "puts":
                    if (arguments.Length != 5) return "bench puts takes writers, value bytes and milliseconds";
                    return Writers(arguments[2], out a) ?? ValueBytes(arguments[3], out b) ?? Milliseconds(arguments[4], out c)
                        ?? Puts(store, clock, (int)a, (int)b, c, output);
                case "gets":
                    bool uncached = arguments.Length == 4 && arguments[3] == "uncached";
                    if (arguments.Length != 3 && !uncached) return "bench gets takes a count and optionally uncached";
                    return Count(arguments[2], "gets", out a) ?? Gets(store, clock, a, uncached, output);
                case "list":
                    if (arguments.Length != 3 && arguments.Length != 4) return "bench list takes a prefix and optionally a number of walks";
                    a = DefaultWalks;
                    byte[] prefix = ByteKeys.FromAscii(arguments[2]);
                    if (prefix is null) return "the prefix has a character outside ASCII";
                    return (arguments.Length == 4 ? Count(arguments[3], "walks", out a) : null) ?? List(store, clock, prefix, a, output);
                case "fill":
                    if (arguments.Length != 4) return "bench fill takes a number of keys and value bytes";
                    return Count(arguments[2], "keys", out a) ?? ValueBytes(arguments[3], out b) ?? Fill(store, clock, a, (int)b, output);
                case "raw":
                    if (arguments.Length != 3) return "bench raw takes milliseconds";
                    if (store.ReadOnly) return device.Name + "'s store is open read-only";
                    return Milliseconds(arguments[2], out a) ?? Raw(device, clock, a, output);
                default:
                    return Usage;
            }
        }

        // Fresh keys bench/<w>/<n> from each writer until the time is up; each put is durable when it returns.
        private static string Puts(KeyValueStore store, IMonotonicClock clock, int writers, int valueBytes, ulong milliseconds, TextSink output)
        {
            byte[] value = Filler(valueBytes);
            var puts = new ulong[writers];
            var errors = new string[writers];
            var threads = new KernelThread[writers];
            ulong frames = store.FramesWritten;
            ulong started = clock.NowNanoseconds, end = started + milliseconds * 1_000_000;
            bool running = KeyValueSoakRun.StartThreads("kv-bench-", threads, w =>
            {
                string own = PutsPrefix + w.ToString() + "/";
                while (clock.NowNanoseconds < end)
                {
                    errors[w] = store.Put(Key(own, puts[w]), value);
                    if (errors[w] is not null) return;
                    puts[w]++;
                }
            }, out string error);
            // Those started finish their time either way; a failed start is reported after.
            bool ended = KeyValueSoakRun.JoinAll(threads, (int)milliseconds + JoinSlackMilliseconds);
            ulong elapsed = clock.NowNanoseconds - started;
            if (!running) return "a bench writer did not start: " + error;
            if (!ended) return "a bench writer did not end within " + JoinSlackMilliseconds.ToString() + " ms of the deadline";
            for (int w = 0; w < writers; w++)
                if (errors[w] is not null) return "bench writer " + w.ToString() + ": " + errors[w];
            ulong total = 0;
            for (int w = 0; w < writers; w++) total += puts[w];
            output.WriteLine("bench: puts writers=" + writers.ToString() + " value_bytes=" + valueBytes.ToString() + " puts=" + total.ToString()
                + " us=" + (elapsed / 1000).ToString() + " flushes=" + (store.FramesWritten - frames).ToString()
                + " puts_per_s=" + PerSecond(total, elapsed).ToString());
            return null;
        }

        // count gets of the keys `bench fill` made, spread over all of them; uncached reads each from the device
        // (GetFromDevice: what a Get does when the value cache does not hold the value).
        private static string Gets(KeyValueStore store, IMonotonicClock clock, ulong count, bool uncached, TextSink output)
        {
            byte[][] keys = store.List(ByteKeys.FromAscii(FillPrefix));
            if (keys.Length == 0) return "no keys under " + FillPrefix + " (kv bench fill first)";
            ulong bytes = 0, started = clock.NowNanoseconds;
            for (ulong i = 0; i < count; i++)
            {
                // A prime stride visits the keys out of order, without a random generator's cost in the loop.
                byte[] key = keys[(int)((i * 1_000_003) % (ulong)keys.Length)];
                string error = uncached ? store.GetFromDevice(key, out byte[] value) : store.Get(key, out value);
                if (error is not null) return error;
                if (value is null) return ByteKeys.Describe(key) + " vanished during the bench";
                bytes += (ulong)value.Length;
            }
            ulong elapsed = clock.NowNanoseconds - started;
            output.WriteLine("bench: gets count=" + count.ToString() + " keys=" + keys.Length.ToString() + " cached=" + (uncached ? "no" : "yes")
                + " value_bytes=" + bytes.ToString() + " us=" + (elapsed / 1000).ToString() + " gets_per_s=" + PerSecond(count, elapsed).ToString());
            return null;
        }

        // The keys under prefix walked in order (what `kv list` gives, without printing them), walks times.
        private static string List(KeyValueStore store, IMonotonicClock clock, byte[] prefix, ulong walks, TextSink output)
        {
            int keys = 0;
            ulong started = clock.NowNanoseconds;
            for (ulong i = 0; i < walks; i++) keys = store.List(prefix).Length;
            ulong elapsed = clock.NowNanoseconds - started;
            output.WriteLine("bench: list prefix=" + ByteKeys.Describe(prefix) + " keys=" + keys.ToString() + " walks=" + walks.ToString()
                + " us_per_walk=" + (elapsed / 1000 / walks).ToString());
            return null;
        }

        // keys keys fill/<n>, n from 0, in durable batches of FillBatchKeys (for gets, list and the mount row).
        private static string Fill(KeyValueStore store, IMonotonicClock clock, ulong keys, int valueBytes, TextSink output)
        {
            byte[] value = Filler(valueBytes);
            ulong batches = 0, started = clock.NowNanoseconds;
            for (ulong first = 0; first < keys; first += FillBatchKeys)
            {
                var batch = new WriteBatch();
                for (ulong n = first; n < keys && n < first + FillBatchKeys; n++) batch.Put(Key(FillPrefix, n), value);
                string error = store.Write(batch);
                if (error is not null) return "bench fill after " + first.ToString() + " keys: " + error;
                batches++;
            }
            output.WriteLine("bench: fill keys=" + keys.ToString() + " value_bytes=" + valueBytes.ToString() + " batches=" + batches.ToString()
                + " us=" + ((clock.NowNanoseconds - started) / 1000).ToString() + " store_keys=" + store.KeyCount.ToString());
            return null;
        }

        // The device's last sector written back with the bytes it holds and flushed, again and again:
        // one write+flush round trip each, and the store's data stays as it was whatever happens.
        private static string Raw(IBlockStorage device, IMonotonicClock clock, ulong milliseconds, TextSink output)
        {
            ulong sector = device.SectorCount - 1;
            var buffer = new byte[device.SectorSize];
            string error = device.Read(sector, 1, buffer, 0);
            if (error is not null) return "reading sector " + sector.ToString() + ": " + error;
            ulong trips = 0, started = clock.NowNanoseconds, end = started + milliseconds * 1_000_000;
            while (clock.NowNanoseconds < end)
            {
                error = device.Write(sector, 1, buffer, 0) ?? device.Flush();
                if (error is not null) return "write+flush of sector " + sector.ToString() + ": " + error;
                trips++;
            }
            ulong elapsed = clock.NowNanoseconds - started;
            output.WriteLine("bench: raw device=" + device.Name + " sector=" + sector.ToString() + " round_trips=" + trips.ToString()
                + " us=" + (elapsed / 1000).ToString() + " round_trips_per_s=" + PerSecond(trips, elapsed).ToString());
            return null;
        }

        private static byte[] Key(string prefix, ulong n) => ByteKeys.FromAscii(prefix + n.ToString().PadLeft(8, '0'));

        private static byte[] Filler(int bytes)
        {
            var value = new byte[bytes];
            for (int i = 0; i < bytes; i++) value[i] = (byte)('a' + i % 26);
            return value;
        }

        private static ulong PerSecond(ulong count, ulong nanoseconds) => nanoseconds == 0 ? 0 : count * 1_000_000_000 / nanoseconds;

        private static string Writers(string text, out ulong writers) =>
            Within(text, 1, MaxWriters, out writers) ? null : "a bench has 1-" + MaxWriters.ToString() + " writers";

        private static string ValueBytes(string text, out ulong bytes) =>
            Within(text, 1, KeyValueLimits.MaxValueBytes, out bytes) ? null : "a bench value has 1-" + KeyValueLimits.MaxValueBytes.ToString() + " bytes";

        private static string Milliseconds(string text, out ulong milliseconds) =>
            Within(text, 1, MaxMilliseconds, out milliseconds) ? null : "a bench runs 1-" + MaxMilliseconds.ToString() + " ms";

        private static string Count(string text, string what, out ulong count) =>
            Within(text, 1, MaxCount, out count) ? null : "a bench's " + what + " are 1-" + MaxCount.ToString();

        private static bool Within(string text, ulong least, ulong most, out ulong value) =>
            DecimalArgument.TryParse(text, out value) && value >= least && value <= most;
    }
}
