using System;
using Zos.Kernel;
using Zos.Kernel.KeyValue;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // The crash-consistent key-value store (docs/storage.md) on a block
    // device, one store open at a time. Keys and values are ASCII text here;
    // every write is acknowledged only once it is durable, and each
    // acknowledged put prints "put: <key> bytes=<n>".
    public sealed class KvCommand : ShellCommand
    {
        private const ulong DefaultSoakWriters = 4;
        private const ulong MaxSoakWriters = 16;

        private readonly KeyValueSession _session;
        // The one soak running on the open store, if any.
        private KeyValueSoakRun _soak;

        public KvCommand(KeyValueSession session) => _session = session;

        public override string Name => "kv";
        public override string Usage => "kv open|format|repair|put|get|del|list|batch|stats|check|compact|close|soak|bench ...";
        public override string Summary => "key-value store: open <dev> [read-only|salvage], format <dev> [erase], repair <dev>, put <key> <value>, get <key>, del <key>, "
            + "list [prefix], batch put <key> <value>|del <key> ... (atomic), stats, check, compact, close, soak start [writers] [print]|status|stop|check [writers], "
            + "bench puts <writers> <value-bytes> <ms>|gets <count> [uncached]|list <prefix> [walks]|fill <keys> <value-bytes>|raw <ms>";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length == 0) return "kv needs an operation";
            switch (arguments[0])
            {
                case "open": return Attach(arguments, output);
                case "format": return Attach(arguments, output);
                case "repair": return Repair(arguments, output);
                case "close":
                    if (arguments.Length != 1) return "close takes nothing";
                    if (_soak is not null) return "a soak is running (kv soak stop first)";
                    string device = _session.Device?.Name;
                    string error = _session.Close();
                    if (error is null) output.WriteLine("closed: " + device);
                    return error;
            }
            KeyValueStore store = _session.Store;
            if (store is null) return _session.NoStore;
            switch (arguments[0])
            {
                case "put": return Put(store, arguments, output);
                case "get": return Get(store, arguments, output);
                case "del": return Delete(store, arguments, output);
                case "list": return List(store, arguments, output);
                case "batch": return Batch(store, arguments, output);
                case "stats": return arguments.Length == 1 ? Stats(store, _session.MountMicroseconds, output) : "stats takes nothing";
                case "check": return arguments.Length == 1 ? Check(store, output) : "check takes nothing";
                case "compact": return arguments.Length == 1 ? Compact(store, output) : "compact takes nothing";
                case "soak": return Soak(store, arguments, output);
                // The soak's writers would share the device with the measurement (and raw rewrites a sector).
                case "bench": return _soak is not null ? "a soak is running (kv soak stop first)"
                    : KeyValueBench.Run(store, _session.Device, _session.Clock, arguments, output);
                default: return "unknown kv operation '" + arguments[0] + "'";
            }
        }

        // open <dev> [read-only|salvage] and format <dev> [erase]: the store is then open, and described.
        private string Attach(string[] arguments, TextSink output)
        {
            bool opens = arguments[0] == "open";
            string option = arguments.Length == 3 ? arguments[2] : null;
            string options = opens ? "read-only or salvage" : "erase";
            if (arguments.Length != 2 && (arguments.Length != 3 || (opens ? option != "read-only" && option != "salvage" : option != "erase")))
                return arguments[0] + " takes a device and optionally " + options;
            string error = !opens ? _session.Format(arguments[1], option is not null)
                : option == "salvage" ? _session.Salvage(arguments[1])
                : _session.Open(arguments[1], option is not null);
            if (error is not null) return error;
            Describe(opens ? "opened" : "formatted", output);
            return null;
        }

        // repair <dev>: what was dropped, then the store as opened.
        private string Repair(string[] arguments, TextSink output)
        {
            if (arguments.Length != 2) return "repair takes a device";
            string error = _session.Repair(arguments[1], out string report);
            if (error is not null) return error;
            output.WriteLine("repaired: " + (report ?? "nothing was damaged"));
            Describe("opened", output);
            return null;
        }

        // "opened: blk0 store=... keys=3 ..." and the commit log's state.
        private void Describe(string what, TextSink output)
        {
            KeyValueStore store = _session.Store;
            output.WriteLine(what + ": " + store.DeviceName + " store=" + store.StoreId.ToString("X16") + " keys=" + store.KeyCount.ToString()
                + " frames=" + store.FramesReplayed.ToString() + " records=" + store.RecordsReplayed.ToString()
                + " read_only=" + (store.ReadOnly ? "yes" : "no"));
            if (store.Damage is not null) output.WriteLine("damage: " + store.Damage);
            output.WriteLine(_session.Log is null ? "log: " + _session.LogError : "log: " + _session.Log.Count.ToString() + " records");
        }

        private static string Put(KeyValueStore store, string[] arguments, TextSink output)
        {
            if (arguments.Length != 3) return "put takes a key and a value";
            byte[] value = null;
            string error = Text(arguments[1], "key", out byte[] key) ?? Text(arguments[2], "value", out value) ?? store.Put(key, value);
            if (error is null) output.WriteLine(Acknowledged(key, value));
            return error;
        }

        private static string Get(KeyValueStore store, string[] arguments, TextSink output)
        {
            if (arguments.Length != 2) return "get takes a key";
            string error = Text(arguments[1], "key", out byte[] key);
            if (error is not null) return error;
            error = store.Get(key, out byte[] value);
            if (error is not null) return error;
            if (value is null) return Absent(store, key);
            output.WriteLine("value: " + ByteKeys.Describe(value, value.Length));
            return null;
        }

        private static string Delete(KeyValueStore store, string[] arguments, TextSink output)
        {
            if (arguments.Length != 2) return "del takes a key";
            bool existed = false;
            string error = Text(arguments[1], "key", out byte[] key) ?? store.Delete(key, out existed);
            if (error is not null) return error;
            if (!existed) return Absent(store, key);
            output.WriteLine("deleted: " + ByteKeys.Describe(key));
            return null;
        }

        private static string List(KeyValueStore store, string[] arguments, TextSink output)
        {
            if (arguments.Length > 2) return "list takes at most a prefix";
            byte[] prefix = new byte[0];
            string error = arguments.Length == 2 ? Text(arguments[1], "prefix", out prefix) : null;
            if (error is not null) return error;
            byte[][] keys = store.List(prefix);
            for (int i = 0; i < keys.Length; i++) output.WriteLine("key: " + ByteKeys.Describe(keys[i], keys[i].Length));
            output.WriteLine("keys: " + keys.Length.ToString());
            return null;
        }

        // batch put <key> <value> del <key> ...: one WriteBatch, durable whole or not at all.
        private static string Batch(KeyValueStore store, string[] arguments, TextSink output)
        {
            var batch = new WriteBatch();
            var acknowledged = new string[arguments.Length];
            int i = 1;
            while (i < arguments.Length)
            {
                string operation = arguments[i];
                byte[] key, value = null;
                string error;
                if (operation == "put")
                {
                    if (i + 2 >= arguments.Length) return "batch: put needs a key and a value";
                    error = Text(arguments[i + 1], "key", out key) ?? Text(arguments[i + 2], "value", out value);
                    i += 3;
                }
                else if (operation == "del")
                {
                    if (i + 1 >= arguments.Length) return "batch: del needs a key";
                    error = Text(arguments[i + 1], "key", out key);
                    i += 2;
                }
                else return "batch: '" + operation + "' is neither put nor del";
                if (error is not null) return "batch: " + error;
                if (value is null) batch.Delete(key);
                else batch.Put(key, value);
                acknowledged[batch.Count - 1] = value is null ? ByteKeys.Describe(key) : Acknowledged(key, value);
            }
            if (batch.Count == 0) return "batch takes put <key> <value> and del <key> operations";
            string failed = store.Write(batch);
            if (failed is not null) return failed;
            for (int op = 0; op < batch.Count; op++)
                output.WriteLine(acknowledged[op].StartsWith("put: ") ? acknowledged[op]
                    : (batch.Existed(op) ? "deleted: " : "absent: ") + acknowledged[op]);
            output.WriteLine("batch: " + batch.Count.ToString() + " operations");
            return null;
        }

        private static string Stats(KeyValueStore store, ulong mountMicroseconds, TextSink output)
        {
            output.WriteLine("device: " + store.DeviceName);
            output.WriteLine("store: " + store.StoreId.ToString("X16"));
            output.WriteLine("read_only: " + (store.ReadOnly ? "yes" : "no"));
            output.WriteLine("keys: " + store.KeyCount.ToString());
            output.WriteLine("frames_replayed: " + store.FramesReplayed.ToString());
            output.WriteLine("records_replayed: " + store.RecordsReplayed.ToString());
            output.WriteLine("replay_stop: " + store.ReplayStop);
            output.WriteLine("frames_written: " + store.FramesWritten.ToString());
            output.WriteLine("batches_written: " + store.BatchesWritten.ToString());
            output.WriteLine("log_sectors_used: " + store.LogSectorsUsed.ToString());
            output.WriteLine("log_sectors: " + store.LogSectors.ToString());
            output.WriteLine("log_start: sector " + store.LogStart.ToString() + " frame " + store.LogStartSequence.ToString());
            output.WriteLine("frames_cleaned: " + store.FramesCleaned.ToString());
            output.WriteLine("records_copied: " + store.RecordsCopied.ToString());
            output.WriteLine("mount_us: " + mountMicroseconds.ToString());
            return null;
        }

        // Every frame written so far cleaned (writers go on between rounds): what the log used before and after.
        private static string Compact(KeyValueStore store, TextSink output)
        {
            ulong before = store.LogSectorsUsed, cleaned = store.FramesCleaned, copied = store.RecordsCopied;
            string error = store.Compact();
            if (error is not null) return error;
            output.WriteLine("compacted: " + store.DeviceName + " log_sectors=" + before.ToString() + "->" + store.LogSectorsUsed.ToString()
                + " frames_cleaned=" + (store.FramesCleaned - cleaned).ToString() + " records_copied=" + (store.RecordsCopied - copied).ToString());
            return null;
        }

        // The device's store replayed afresh and every record read back; the
        // open store must hold exactly the keys the device replays to.
        private string Check(KeyValueStore store, TextSink output)
        {
            StoreCheck check = StoreCheck.Run(_session.Device);
            if (check.Store is null) return check.Error;
            output.WriteLine("check: " + store.DeviceName + " " + check.Summary());
            if (check.Error is not null) return check.Error;
            byte[][] open = store.List(new byte[0]);
            if (open.Length != check.Keys.Length) return "the open store has " + open.Length.ToString() + " keys, the device's log " + check.Keys.Length.ToString();
            for (int i = 0; i < open.Length; i++)
                if (ByteKeys.Compare(open[i], check.Keys[i]) != 0)
                    return "the open store has " + ByteKeys.Describe(open[i]) + " where the device's log has " + ByteKeys.Describe(check.Keys[i]);
            output.WriteLine("check: ok");
            return null;
        }

        // Writers putting and reading back keys of their own on kernel threads
        // while the shell stays free (to crash the driver underneath);
        // `check` judges the soak's keys in the store, after a reboot too.
        private string Soak(KeyValueStore store, string[] arguments, TextSink output)
        {
            string operation = arguments.Length > 1 ? arguments[1] : "";
            bool print = operation == "start" && arguments[arguments.Length - 1] == "print";
            int options = arguments.Length - 2 - (print ? 1 : 0);
            bool takesWriters = operation == "start" || operation == "check";
            if (options > (takesWriters ? 1 : 0) || (!takesWriters && operation != "status" && operation != "stop"))
                return "soak takes start [writers] [print], status, stop or check [writers]";
            ulong writers = DefaultSoakWriters;
            if (options == 1 && (!DecimalArgument.TryParse(arguments[2], out writers) || writers == 0 || writers > MaxSoakWriters))
                return "a soak has 1-" + MaxSoakWriters.ToString() + " writers";
            string error;
            switch (operation)
            {
                case "start":
                    if (_soak is not null) return "a soak is running (kv soak stop first)";
                    // Each writer goes on after the keys of its own already there.
                    error = KeyValueSoak.Check(store, (int)writers, out ulong[] existing);
                    if (error is not null) return "the soak's keys in the store are not sound: " + error;
                    _soak = KeyValueSoakRun.Start(store, existing, print ? output : null, out error);
                    if (_soak is null) return error;
                    output.WriteLine("soak: started writers=" + writers.ToString() + " from=" + Counts(existing.Length, w => existing[w]));
                    return null;
                case "check":
                    error = KeyValueSoak.Check(store, (int)writers, out ulong[] keys);
                    if (error is not null) return error;
                    output.WriteLine("soak: checked keys=" + Counts(keys.Length, w => keys[w]));
                    return null;
            }
            if (_soak is null) return "no soak is running";
            KeyValueSoakRun run = _soak;
            bool stopping = operation == "stop", ended = true;
            if (stopping)
            {
                ended = run.Stop();
                _soak = null;
            }
            KeyValueSoak soak = run.Soak;
            output.WriteLine("soak: " + (stopping ? "stopped ended=" + (ended ? "yes" : "no") : "running") + " writers=" + soak.Writers.ToString()
                + " puts=" + soak.Puts.ToString() + " gets=" + soak.Gets.ToString() + " mismatches=" + soak.Mismatches.ToString()
                + " failures=" + soak.Failures.ToString() + " acknowledged=" + Counts(soak.Writers, soak.Acknowledged));
            if (soak.FirstProblem is not null) output.WriteLine("first problem: " + soak.FirstProblem);
            return null;
        }

        // "12,15,9": a count per writer.
        private static string Counts(int writers, Func<int, ulong> count)
        {
            string text = "";
            for (int w = 0; w < writers; w++) text += (w == 0 ? "" : ",") + count(w).ToString();
            return text;
        }

        private static string Acknowledged(byte[] key, byte[] value) => "put: " + ByteKeys.Describe(key) + " bytes=" + value.Length.ToString();

        private static string Absent(KeyValueStore store, byte[] key) => "no key '" + ByteKeys.Describe(key) + "' in " + store.DeviceName + "'s store";

        // Shell text as bytes: ASCII only.
        private static string Text(string text, string what, out byte[] bytes)
        {
            bytes = ByteKeys.FromAscii(text);
            return bytes is null ? "the " + what + " has a character outside ASCII" : null;
        }
    }
}
