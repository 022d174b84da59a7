using System;
using Zos.Kernel.KeyValue;

namespace Zos.Shell.Tools
{
    // Writers that keep putting keys of their own into a store and reading
    // them back, to show that nothing acknowledged is lost or duplicated while
    // the driver underneath crashes (`kv soak`). Writer w puts soak/<w>/<n>
    // for n = 0, 1, 2, ..., each value derived from (w, n) alone, of varying
    // length; after each acknowledged put it reads that key and one earlier
    // key of its own back. Because the values need no memory, Check can judge
    // a store after a reboot too: each writer's keys must run from 0 without
    // a gap or an extra, each with its value. Each writer calls Step from its
    // own thread and touches only its own counters.
    public sealed class KeyValueSoak
    {
        public const string Prefix = "soak/";
        private const int MaxFillerBytes = 200;

        private readonly KeyValueStore _store;
        // Writer w's next key number; it started at _start[w] (the keys it found there).
        private readonly ulong[] _next;
        private readonly ulong[] _start;
        private readonly ulong[] _gets;
        private readonly ulong[] _mismatches;
        private readonly ulong[] _failures;
        private readonly object _problem = new object();

        // One writer per entry of startAt, each going on after that many keys
        // of its own (what Check found there: a soak resumes after a reboot).
        public KeyValueSoak(KeyValueStore store, ulong[] startAt)
        {
            _store = store;
            Writers = startAt.Length;
            _start = startAt;
            _next = new ulong[Writers];
            for (int w = 0; w < Writers; w++) _next[w] = startAt[w];
            _gets = new ulong[Writers];
            _mismatches = new ulong[Writers];
            _failures = new ulong[Writers];
        }

        public int Writers { get; }
        public string FirstProblem { get; private set; }

        // Writer w's keys acknowledged so far, counted from 0 (those it found at the start included).
        public ulong Acknowledged(int writer) => _next[writer];
        // Puts acknowledged by this soak.
        public ulong Puts
        {
            get
            {
                ulong puts = 0;
                for (int w = 0; w < Writers; w++) puts += _next[w] - _start[w];
                return puts;
            }
        }
        public ulong Gets => Sum(_gets);
        public ulong Mismatches => Sum(_mismatches);
        public ulong Failures => Sum(_failures);

        // One put, then the key just put and an earlier one read back. False
        // once a put failed: the store refuses writes after a failed write
        // (its frame's fate is unknown until the store is reopened).
        public bool Step(int writer)
        {
            ulong n = _next[writer];
            string error = _store.Put(Key(writer, n), Value(writer, n));
            if (error is not null)
            {
                _failures[writer]++;
                Problem("writer " + writer.ToString() + " put " + n.ToString() + ": " + error);
                return false;
            }
            _next[writer] = n + 1;
            ReadBack(writer, n);
            ReadBack(writer, (n * 7919) % (n + 1));
            return true;
        }

        // Every writer's keys in the store: from 0 on, without a gap, each
        // with its value; keysPerWriter receives how many each has (writers
        // beyond Writers count as problems). Null, or the first problem.
        public static string Check(KeyValueStore store, int writers, out ulong[] keysPerWriter)
        {
            keysPerWriter = new ulong[writers];
            byte[][] keys = store.List(ByteKeys.FromAscii(Prefix));
            for (int w = 0; w < writers; w++)
            {
                byte[] own = ByteKeys.FromAscii(Prefix + Digits((ulong)w, 2) + "/");
                for (int i = 0; i < keys.Length; i++)
                {
                    if (!ByteKeys.StartsWith(keys[i], own)) continue;
                    ulong n = keysPerWriter[w];
                    if (ByteKeys.Compare(keys[i], Key(w, n)) != 0)
                        return "writer " + w.ToString() + " has " + ByteKeys.Describe(keys[i]) + " where " + ByteKeys.Describe(Key(w, n)) + " comes next";
                    string error = store.Get(keys[i], out byte[] value);
                    if (error is not null) return error;
                    if (value is null || ByteKeys.Compare(value, Value(w, n)) != 0) return ByteKeys.Describe(keys[i]) + " holds a wrong value";
                    keysPerWriter[w] = n + 1;
                }
            }
            ulong counted = 0;
            for (int w = 0; w < writers; w++) counted += keysPerWriter[w];
            return counted == (ulong)keys.Length ? null
                : keys.Length.ToString() + " keys under " + Prefix + ", " + counted.ToString() + " of them from writers 0-" + (writers - 1).ToString();
        }

        public static byte[] Key(int writer, ulong n) => ByteKeys.FromAscii(Prefix + Digits((ulong)writer, 2) + "/" + Digits(n, 8));

        // "w<w>n<n>:" then filler bytes, 0-199 of them, all from (w, n).
        public static byte[] Value(int writer, ulong n)
        {
            byte[] head = ByteKeys.FromAscii("w" + writer.ToString() + "n" + n.ToString() + ":");
            int filler = (int)((n * 37 + (ulong)writer * 11) % MaxFillerBytes);
            var value = new byte[head.Length + filler];
            head.AsSpan().CopyTo(value);
            for (int i = 0; i < filler; i++) value[head.Length + i] = (byte)('a' + (i + (int)(n % 26)) % 26);
            return value;
        }

        private void ReadBack(int writer, ulong n)
        {
            string error = _store.Get(Key(writer, n), out byte[] value);
            _gets[writer]++;
            if (error is not null)
            {
                _failures[writer]++;
                Problem("writer " + writer.ToString() + " get " + n.ToString() + ": " + error);
            }
            else if (value is null || ByteKeys.Compare(value, Value(writer, n)) != 0)
            {
                _mismatches[writer]++;
                Problem("writer " + writer.ToString() + " get " + n.ToString() + ": " + (value is null ? "absent" : "a wrong value"));
            }
        }

        private void Problem(string what)
        {
            lock (_problem) FirstProblem ??= what;
        }

        private static ulong Sum(ulong[] counts)
        {
            ulong sum = 0;
            for (int i = 0; i < counts.Length; i++) sum += counts[i];
            return sum;
        }

        private static string Digits(ulong value, int width) => value.ToString().PadLeft(width, '0');
    }
}
