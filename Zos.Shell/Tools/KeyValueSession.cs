using System;
using Zos.Kernel.KeyValue;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;

namespace Zos.Shell.Tools
{
    // The one key-value store the shell has open (`kv open`) and the commit
    // log kept in it (`log`): what the kv and log commands share. Errors are
    // sentences, mostly the store's own.
    public sealed class KeyValueSession
    {
        private readonly IBlockStorageFinder _finder;
        private readonly Func<ulong> _newStoreId;

        // newStoreId gives the id of a store `kv format` makes (in the kernel, the time-stamp counter);
        // clock times the mount and `kv bench`.
        public KeyValueSession(IBlockStorageFinder finder, Func<ulong> newStoreId, IMonotonicClock clock)
        {
            _finder = finder;
            _newStoreId = newStoreId;
            Clock = clock;
        }

        public IMonotonicClock Clock { get; }
        // The most heap a store's index may take, asked at each open (in the kernel: part of the heap still free).
        public Func<long> IndexMemoryLimit { get; set; } = () => long.MaxValue;
        // Given to every store it opens (KeyValueStore.CommitPause): in the kernel, a yield.
        public ICommitPause CommitPause { get; set; }
        // How long the open store's KeyValueStore.Open or Format took (replay and the new epoch's superblock).
        public ulong MountMicroseconds { get; private set; }

        public IBlockStorage Device { get; private set; }
        public KeyValueStore Store { get; private set; }
        // The commit log, or null and why it does not open (its first broken record).
        public CommitLog Log { get; private set; }
        public string LogError { get; private set; }

        // Null when a store is open, else the error saying none is.
        public string NoStore => Store is null ? "no store is open (kv open <device>)" : null;

        public string Open(string name, bool readOnly)
        {
            string error = Refused(name, out IBlockStorage device);
            if (error is not null) return error;
            ulong started = Clock.NowNanoseconds;
            KeyValueStore store = KeyValueStore.Open(device, readOnly, out error, IndexMemoryLimit());
            if (store is null) return error;
            Attach(device, store, started);
            return null;
        }

        // A damaged store, read-only as it stood before the damage (KeyValueStore.Salvage).
        public string Salvage(string name)
        {
            string error = Refused(name, out IBlockStorage device);
            if (error is not null) return error;
            ulong started = Clock.NowNanoseconds;
            KeyValueStore store = KeyValueStore.Salvage(device, out error, IndexMemoryLimit());
            if (store is null) return error;
            Attach(device, store, started);
            return null;
        }

        // A damaged store made writable at the state before the damage; report says what was dropped.
        public string Repair(string name, out string report)
        {
            report = null;
            string error = Refused(name, out IBlockStorage device);
            if (error is not null) return error;
            ulong started = Clock.NowNanoseconds;
            KeyValueStore store = KeyValueStore.Repair(device, out report, out error, IndexMemoryLimit());
            if (store is null) return error;
            Attach(device, store, started);
            return null;
        }

        // Makes an empty store on the device and opens it. A device that
        // holds a store keeps it unless erase is asked for.
        public string Format(string name, bool erase)
        {
            string error = Refused(name, out IBlockStorage device);
            if (error is not null) return error;
            Superblock existing = Superblock.ReadNewest(device, out _, out _);
            if (existing is not null && !erase)
                return name + " holds store " + existing.StoreId.ToString("X16") + " (kv format " + name + " erase replaces it)";
            ulong id = _newStoreId();
            if (existing is not null && existing.StoreId == id) id ^= 1;
            ulong started = Clock.NowNanoseconds;
            KeyValueStore store = KeyValueStore.Format(device, id, out error, IndexMemoryLimit());
            if (store is null) return error;
            Attach(device, store, started);
            return null;
        }

        // Closes the store (recording where its log ends) and forgets it, whatever Close says.
        public string Close()
        {
            if (Store is null) return NoStore;
            string error = Store.Close();
            Device = null;
            Store = null;
            Log = null;
            LogError = null;
            return error;
        }

        private string Refused(string name, out IBlockStorage device)
        {
            device = null;
            if (Store is not null) return Device.Name + "'s store is open (kv close first)";
            device = _finder.Find(name, out string error);
            return device is null ? error : null;
        }

        private void Attach(IBlockStorage device, KeyValueStore store, ulong started)
        {
            MountMicroseconds = (Clock.NowNanoseconds - started) / 1000;
            Device = device;
            store.CommitPause = CommitPause;
            Store = store;
            Log = CommitLog.OpenStandard(store, out string error);
            LogError = error;
        }
    }
}
