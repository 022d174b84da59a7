using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // The store on a device checked from what the device holds now: its log
    // replayed afresh and read-only (nothing is written), every live key's
    // record read back and checked (checksum and key), and the commit log
    // under CommitLog.StandardPrefix walked from end to end. What the shell's
    // `kv check` and the host tool's `zos kv check` report, so the two agree.
    public sealed class StoreCheck
    {
        private StoreCheck() { }

        // Null when everything is sound; otherwise the first problem, in the
        // store's own words (the store's, then a damaged key's, then the commit log's).
        public string Error { get; private set; }
        // The read-only store replayed from the device; null when it does not open.
        public KeyValueStore Store { get; private set; }
        // The live keys, in key order (empty when the store does not open).
        public byte[][] Keys { get; private set; } = new byte[0][];
        public ulong ValueBytes { get; private set; }
        public int DamagedKeys { get; private set; }
        public ulong LogRecords { get; private set; }
        // Why the commit log does not open (its first broken record), or null.
        public string LogError { get; private set; }

        public static StoreCheck Run(IBlockStorage device)
        {
            var check = new StoreCheck();
            check.Store = KeyValueStore.Open(device, readOnly: true, out string error);
            if (check.Store is null)
            {
                check.Error = error;
                return check;
            }
            check.Keys = check.Store.List(new byte[0]);
            for (int i = 0; i < check.Keys.Length; i++)
            {
                error = check.Store.GetFromDevice(check.Keys[i], out byte[] value);
                if (error is null && value is null) error = ByteKeys.Describe(check.Keys[i]) + " is listed but has no value";
                if (error is null) check.ValueBytes += (ulong)value.Length;
                else if (check.DamagedKeys++ == 0) check.Error = error;
            }
            if (check.DamagedKeys > 1)
                check.Error += " (" + check.DamagedKeys.ToString() + " of " + check.Keys.Length.ToString() + " keys are damaged)";
            CommitLog log = CommitLog.OpenStandard(check.Store, out error);
            if (log is null) check.LogError = "the commit log breaks: " + error;
            else check.LogRecords = log.Count;
            check.Error ??= check.LogError;
            return check;
        }

        // One line of key=value fields (empty when the store did not open).
        public string Summary()
        {
            if (Store is null) return "";
            return "store=" + Store.StoreId.ToString("X16") + " keys=" + Keys.Length.ToString() + " value_bytes=" + ValueBytes.ToString()
                + " damaged=" + DamagedKeys.ToString() + " frames=" + Store.FramesReplayed.ToString() + " records=" + Store.RecordsReplayed.ToString()
                + " log_sectors=" + Store.LogSectorsUsed.ToString() + "/" + Store.LogSectors.ToString()
                + " commit_log=" + (LogError is null ? LogRecords.ToString() : "broken");
        }
    }
}
