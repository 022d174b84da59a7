using System;
using System.Threading;
using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // A crash-consistent key-value store on one block device
    // (docs/storage.md): an append-only log of checksummed frames after two
    // superblocks, and an index of the live keys in memory, rebuilt at open.
    // A write returns once its frame is written and flushed (durable on
    // acknowledgement); writers that arrive while a frame is on its way wait
    // and go out together in the next one (group commit: one flush for all).
    // Errors are sentences (null: it worked); what the disk holds never
    // makes anything here throw.
    //
    // Threads: any number may call it at once. A writer joins the open
    // CommitGroup, or opens one and leads it; a leader waits for _commit (one
    // frame at a time: held across the write and the flush), closes its group
    // and writes it, while the writers that arrive meanwhile fill the next
    // group. Monitors, in the order they nest: a group's Gate (see
    // CommitGroup; its leader takes it under _queue, but only when the group
    // is new and nobody else can know it), _commit, _queue (the open group
    // and _stopped; held for memory operations only), _index (likewise).
    public sealed partial class KeyValueStore
    {
        private readonly IBlockStorage _device;
        private readonly object _commit = new object();
        private readonly object _queue = new object();
        private readonly object _index = new object();
        private readonly KeyIndex _keys;
        // The group new writers join, under _queue; null when none is open.
        private CommitGroup _open;
        // How many batches the last frame carried (under _queue).
        private int _lastGroupBatches;
        // The superblock as last written (its log start moves with compaction).
        private Superblock _superblock;
        // Frames of this session carry it.
        private readonly ulong _epoch;
        private ulong _nextSector;
        private ulong _nextSequence;
        private uint _lastChecksum;
        // Why writes stopped (a failed write or flush, or Close), or null.
        private string _stopped;
        private byte[] _frame;
        // Bytes of the values the index holds (under _index).
        private long _cachedBytes;

        private KeyValueStore(IBlockStorage device, LogReplay replay, ulong epoch, bool readOnly, long indexLimit)
        {
            IndexMemoryLimitBytes = indexLimit;
            _device = device;
            _keys = replay.Index;
            _superblock = replay.Superblock.Clone();
            _superblock.Epoch = epoch;
            _epoch = epoch;
            _nextSector = replay.NextSector;
            _nextSequence = replay.NextSequence;
            _lastChecksum = replay.LastChecksum;
            ReadOnly = readOnly;
            if (readOnly) _stopped = device.Name + "'s store is open read-only";
            FramesReplayed = replay.Frames;
            RecordsReplayed = replay.Records;
            ReplayStop = replay.StopReason;
        }

        public string DeviceName => _device.Name;
        public bool ReadOnly { get; }
        public ulong StoreId => _superblock.StoreId;
        public ulong FramesReplayed { get; }
        public ulong RecordsReplayed { get; }
        // Why replay stopped where it did: the end of what was written.
        public string ReplayStop { get; }
        // A salvaged store's damage: where its log breaks (it holds the state
        // just before); null for a store opened whole.
        public string Damage { get; private set; }
        public ulong FramesWritten { get; private set; }
        public ulong BatchesWritten { get; private set; }
        public ulong LogSectorsUsed => SectorsBetween(_superblock.LogStart, _nextSector);
        public ulong LogSectors => _superblock.LogEnd - Superblock.FirstLogSector;

        // The most value bytes the value cache holds (0: none). Values that do
        // not fit are read from the device; a value leaves the cache when its
        // key is overwritten or deleted.
        public long ValueCacheLimitBytes { get; set; } = KeyValueLimits.DefaultValueCacheBytes;
        // The most heap the index may take (the keys and their nodes, roughly):
        // a store whose keys need more is refused at open, and a write that
        // could take it past the limit is refused, rather than the kernel's
        // heap running out.
        public long IndexMemoryLimitBytes { get; }

        // The sentence for an index at its limit.
        internal static string IndexTooLarge(string device, KeyIndex index, long limit) =>
            device + "'s store needs more memory for its index than it may take: " + index.Count.ToString() + " keys take about "
                + (index.ApproximateBytes >> 10).ToString() + " KiB, the limit is " + (limit >> 10).ToString() + " KiB";
        public long ValueCacheBytes
        {
            get { lock (_index) return _cachedBytes; }
        }

        public int KeyCount
        {
            get { lock (_index) return _keys.Count; }
        }

        // Makes an empty store on the whole device. Its earlier contents are
        // forgotten because frames of another store id never continue this
        // log, so storeId must differ from the id of the store the device
        // holds (refused otherwise; in the kernel the time-stamp counter makes a good one).
        public static KeyValueStore Format(IBlockStorage device, ulong storeId, out string error, long indexLimit = long.MaxValue)
        {
            error = Superblock.CheckFits(device);
            if (error is not null) return null;
            Superblock existing = Superblock.ReadNewest(device, out _, out _);
            if (existing is not null && existing.StoreId == storeId)
            {
                error = device.Name + " already holds store " + storeId.ToString("X16") + ": its frames would continue the new one's log";
                return null;
            }
            var superblock = new Superblock
            {
                SectorSize = device.SectorSize, StoreId = storeId, Epoch = 1, LogEnd = device.SectorCount,
                KnownEnd = Superblock.FirstLogSector, KnownEndSequence = 1,
            };
            // Both copies, so that no copy of an earlier store outlives the format.
            var sectors = new byte[2 * device.SectorSize];
            superblock.Encode(new Span<byte>(sectors, 0, device.SectorSize));
            superblock.Encode(new Span<byte>(sectors, device.SectorSize, device.SectorSize));
            error = device.Write(0, 2, sectors, 0) ?? device.Flush();
            if (error is not null)
            {
                error = "formatting " + device.Name + ": " + error;
                return null;
            }
            return Open(device, false, out error, indexLimit);
        }

        // Opens the store on the device: replays its log, and (unless
        // readOnly) records a new epoch before it takes writes. Null with the
        // error when there is no store or it is damaged (the error says where).
        public static KeyValueStore Open(IBlockStorage device, bool readOnly, out string error, long indexLimit = long.MaxValue)
        {
            LogReplay replay = LogReplay.Run(device, salvage: false, indexLimit, out error);
            if (replay is null) return null;
            if (readOnly) return new KeyValueStore(device, replay, replay.HighestEpoch, readOnly: true, indexLimit);
            ulong epoch = Superblock.EpochAfter(replay.HighestEpoch, replay.SuperblockSlot);
            Superblock opened = replay.Superblock.Clone();
            opened.Epoch = epoch;
            opened.KnownEnd = replay.NextSector;
            opened.KnownEndSequence = replay.NextSequence;
            error = WriteSuperblock(device, opened);
            if (error is not null)
            {
                error = "opening " + device.Name + " for writing: " + error;
                return null;
            }
            return new KeyValueStore(device, replay, epoch, readOnly: false, indexLimit);
        }

        // Opens a damaged store read-only as it stood just before the damage
        // (every frame before the break, none after), with Damage saying where
        // the log breaks. A store without damage opens as Open(readOnly) does.
        // Null with the error only when there is no store to salvage.
        public static KeyValueStore Salvage(IBlockStorage device, out string error, long indexLimit = long.MaxValue)
        {
            LogReplay replay = LogReplay.Run(device, salvage: true, indexLimit, out error);
            if (replay is null) return null;
            return new KeyValueStore(device, replay, replay.HighestEpoch, readOnly: true, indexLimit) { Damage = replay.Damage };
        }

        // Makes a damaged store writable again at the state just before the
        // damage: the frames after the break are dropped (their headers, and
        // the sector of the break, overwritten with zeroes, so that no open
        // finds them again) and the superblock's known end set to the break.
        // Report says what was dropped; null when there was no damage. Then
        // the store is opened for writing.
        public static KeyValueStore Repair(IBlockStorage device, out string report, out string error, long indexLimit = long.MaxValue)
        {
            report = null;
            LogReplay replay = LogReplay.Run(device, salvage: true, indexLimit, out error);
            if (replay is null) return null;
            if (replay.Damage is not null)
            {
                var zeroes = new byte[device.SectorSize];
                error = replay.NextSector < replay.Superblock.LogEnd ? device.Write(replay.NextSector, 1, zeroes, 0) : null;
                for (int i = 0; i < replay.LaterFrames.Count && error is null; i++) error = device.Write(replay.LaterFrames[i], 1, zeroes, 0);
                error ??= device.Flush();
                Superblock repaired = replay.Superblock.Clone();
                repaired.Epoch = Superblock.EpochAfter(replay.HighestEpoch, replay.SuperblockSlot);
                repaired.KnownEnd = replay.NextSector;
                repaired.KnownEndSequence = replay.NextSequence;
                error ??= WriteSuperblock(device, repaired);
                if (error is not null)
                {
                    error = "repairing " + device.Name + "'s store: " + error;
                    return null;
                }
                report = "the log now ends at sector " + replay.NextSector.ToString() + " before frame " + replay.NextSequence.ToString()
                    + "; dropped: " + replay.Damage + "; frames cleared: " + replay.LaterFrames.Count.ToString();
            }
            return Open(device, readOnly: false, out error, indexLimit);
        }

        // Records where the log reaches (so that a later open that finds less
        // reports damage), then refuses writes. Reads go on.
        public string Close()
        {
            lock (_commit)
            {
                if (ReadOnly) return null;
                lock (_queue)
                {
                    if (_stopped is not null) return _stopped;
                    _stopped = _device.Name + "'s store is closed";
                }
                string error = UpdateSuperblock(_superblock.LogStart, _superblock.LogStartSequence, _superblock.LogStartPreviousChecksum);
                return error is null ? null : "closing " + _device.Name + "'s store: " + error;
            }
        }

        public string Put(byte[] key, byte[] value)
        {
            var batch = new WriteBatch();
            batch.Put(key, value);
            return Write(batch);
        }

        public string Delete(byte[] key, out bool existed)
        {
            var batch = new WriteBatch();
            batch.Delete(key);
            string error = Write(batch);
            existed = error is null && batch.Existed(0);
            return error;
        }

        // Returns once the batch is durable (null), or why it is not.
        public string Write(WriteBatch batch)
        {
            string error = batch.Check();
            if (error is not null) return error;
            lock (_index)
                if (_keys.ApproximateBytes + batch.IndexBytesAtMost > IndexMemoryLimitBytes)
                    return IndexTooLarge(_device.Name, _keys, IndexMemoryLimitBytes) + "; this batch could add " + batch.IndexBytesAtMost.ToString() + " bytes";
            CommitGroup group;
            bool leads = false;
            lock (_queue)
            {
                if (_stopped is not null) return _stopped;
                if (_open is null || !_open.Takes(batch.EncodedBytes))
                {
                    _open = new CommitGroup();
                    Monitor.Enter(_open.Gate);
                    leads = true;
                }
                group = _open;
                group.Add(batch);
            }
            if (!leads)
            {
                // The leader holds the gate until the group's frame is flushed.
                lock (group.Gate) return group.Done ? group.Error : "the writer carrying this batch's frame failed";
            }
            try
            {
                GatherLateWriters(group);
                lock (_commit)
                {
                    string stopped;
                    lock (_queue)
                    {
                        // From here on nobody joins: the frame is this group's batches.
                        if (_open == group) _open = null;
                        _lastGroupBatches = group.Batches.Count;
                        stopped = _stopped;
                    }
                    group.Error = stopped ?? WriteFrame(group);
                    group.Done = true;
                }
            }
            finally
            {
                Monitor.Exit(group.Gate);
            }
            return group.Error;
        }

        // The value (null when the key is absent), or the error: a record
        // that fails its checksum is an error, never a value.
        public string Get(byte[] key, out byte[] value)
        {
            value = null;
            RecordLocation location;
            lock (_index)
            {
                if (!_keys.TryGet(key, out location)) return null;
            }
            if (location.CachedValue is not null)
            {
                value = location.CachedValue.AsSpan().ToArray();
                return null;
            }
            string error = ReadValue(key, location, out value);
            if (error is null) KeepInCache(key, location, value);
            return error;
        }

        // Lets the writers run that the last frame released before a new
        // group's leader closes its group (null: none; the kernel yields the
        // CPU). Without it, on one CPU, the leader of the last frame comes back
        // while its writers still wait to be scheduled, writes a frame of its
        // own batch alone, and every other frame holds one batch.
        public ICommitPause CommitPause { get; set; }

        private const int MostPauses = 2;

        private void GatherLateWriters(CommitGroup group)
        {
            ICommitPause pause = CommitPause;
            for (int i = 0; pause is not null && i < MostPauses; i++)
            {
                lock (_queue)
                    if (group.Batches.Count >= _lastGroupBatches) return;
                pause.LetWritersRun();
            }
        }

        // The value as the device holds it, read and checked even when the
        // cache holds it: what verification (kv check, log verify) reads.
        public string GetFromDevice(byte[] key, out byte[] value)
        {
            value = null;
            RecordLocation location;
            lock (_index)
            {
                if (!_keys.TryGet(key, out location)) return null;
            }
            return ReadValue(key, location, out value);
        }

        // A value read from the device, cached if its record is still the key's and it fits.
        private void KeepInCache(byte[] key, RecordLocation read, byte[] value)
        {
            lock (_index)
            {
                if (!_keys.TryGet(key, out RecordLocation now) || !now.SameRecord(read) || now.CachedValue is not null
                    || _cachedBytes + value.Length > ValueCacheLimitBytes)
                    return;
                now.CachedValue = value.AsSpan().ToArray();
                _cachedBytes += value.Length;
                _keys.Set(key, now);
            }
        }

        // The keys that begin with prefix, in key order.
        public byte[][] List(byte[] prefix)
        {
            lock (_index) return _keys.KeysWithPrefix(prefix);
        }

        private string ReadValue(byte[] key, RecordLocation location, out byte[] value)
        {
            value = null;
            int size = _device.SectorSize;
            int first = location.Offset / size;
            int count = (location.Offset + location.Length + size - 1) / size - first;
            var sectors = new byte[count * size];
            ulong sector = location.FrameSector + (ulong)first;
            string error = _device.Read(sector, count, sectors, 0);
            if (error is not null) return "reading " + ByteKeys.Describe(key) + " at sector " + sector.ToString() + ": " + error;
            var record = new ReadOnlySpan<byte>(sectors, location.Offset - first * size, location.Length);
            string bad = LogRecord.Decode(record, location.Sequence, verifyChecksum: true, out byte kind, out int keyBytes, out int valueBytes);
            if (bad is null && (kind != LogRecord.Put || LogRecord.SizeOf(keyBytes, valueBytes) != location.Length
                || ByteKeys.Compare(record.Slice(LogRecord.HeaderBytes, keyBytes), key) != 0))
                bad = "it holds another record";
            if (bad is not null)
                return "the record of " + ByteKeys.Describe(key) + " (frame " + location.Sequence.ToString() + " at sector "
                    + location.FrameSector.ToString() + ", byte " + location.Offset.ToString() + ") is damaged: " + bad;
            value = record.Slice(LogRecord.HeaderBytes + keyBytes, valueBytes).ToArray();
            return null;
        }

        // One frame: encoded, written, flushed, then applied to the index.
        // A failed write or flush leaves the frame's fate unknown (on disk or
        // not, whole or torn: the next open decides), so the store stops
        // taking writes rather than guess (what PostgreSQL learnt from fsync
        // errors, 2018): reopening it recovers.
        private string WriteFrame(CommitGroup group)
        {
            int sectors = FrameHeader.SectorsFor((int)group.Bytes, _device.SectorSize);
            // Deletes may use half the reserve: they are how a full store gets space back.
            ulong reserve = group.HasPuts ? Reserve : Reserve / 2;
            ulong frameSector = PlaceFrame(sectors, reserve);
            if (frameSector == NoRoom)
            {
                string cleaned = MakeRoom(sectors, reserve);
                if (cleaned is not null) return cleaned;
                frameSector = PlaceFrame(sectors, reserve);
            }
            return frameSector == NoRoom ? _device.Name + "'s store is full: " + sectors.ToString() + " sectors needed, "
                    + FreeSectors().ToString() + " free after compaction"
                : WriteFrameAt(group, frameSector, sectors);
        }

        // The frame written at that sector (where PlaceFrame said), flushed, then applied.
        private string WriteFrameAt(CommitGroup group, ulong frameSector, int sectors)
        {
            int payload = (int)group.Bytes;
            int size = _device.SectorSize;
            byte[] frame = FrameBuffer(sectors * size);
            ulong sequence = _nextSequence;
            int at = FrameHeader.Bytes;
            for (int i = 0; i < group.Batches.Count; i++)
            {
                WriteBatch batch = group.Batches[i];
                for (int op = 0; op < batch.Count; op++)
                {
                    LogRecord.Encode(new Span<byte>(frame, at, frame.Length - at), sequence, batch.Key(op), batch.Value(op));
                    at += LogRecord.SizeOf(batch.Key(op).Length, batch.IsDelete(op) ? 0 : batch.Value(op).Length);
                }
            }
            new Span<byte>(frame, at, sectors * size - at).Clear();
            var header = new FrameHeader
            {
                StoreId = _superblock.StoreId, Epoch = _epoch, Sequence = sequence, PayloadBytes = payload,
                RecordCount = group.Records, PreviousChecksum = _lastChecksum,
            };
            header.Encode(frame);

            string error = _device.Write(frameSector, sectors, frame, 0) ?? _device.Flush();
            if (sectors * size > KeyValueLimits.GroupTargetBytes * 2) _frame = null;
            if (error is not null)
            {
                error = "writing frame " + sequence.ToString() + " at sector " + frameSector.ToString() + " of " + _device.Name + ": " + error;
                lock (_queue) _stopped = "the store stopped writing after an error (reopen it to recover): " + error;
                return error;
            }
            _nextSector = frameSector + (ulong)sectors;
            _nextSequence = sequence + 1;
            _lastChecksum = header.Checksum;
            FramesWritten++;
            BatchesWritten += (ulong)group.Batches.Count;
            Apply(group, frameSector, sequence);
            return null;
        }

        // The frame is durable: its operations become visible, in log order,
        // and the values written are cached while they fit.
        private void Apply(CommitGroup group, ulong frameSector, ulong sequence)
        {
            int at = FrameHeader.Bytes;
            lock (_index)
            {
                for (int i = 0; i < group.Batches.Count; i++)
                {
                    WriteBatch batch = group.Batches[i];
                    for (int op = 0; op < batch.Count; op++)
                    {
                        byte[] key = batch.Key(op), value = batch.Value(op);
                        int length = LogRecord.SizeOf(key.Length, value is null ? 0 : value.Length);
                        bool existed = _keys.TryGet(key, out RecordLocation old);
                        batch.SetExisted(op, existed);
                        if (existed && old.CachedValue is not null) _cachedBytes -= old.CachedValue.Length;
                        if (value is null) _keys.Remove(key);
                        else
                        {
                            byte[] cached = _cachedBytes + value.Length <= ValueCacheLimitBytes ? value.AsSpan().ToArray() : null;
                            if (cached is not null) _cachedBytes += cached.Length;
                            _keys.Set(key, new RecordLocation { FrameSector = frameSector, Offset = at, Length = length, Sequence = sequence, CachedValue = cached });
                        }
                        at += length;
                    }
                }
            }
        }

        // A buffer of at least that many bytes; small ones are kept for the next frame.
        private byte[] FrameBuffer(int bytes)
        {
            if (_frame is null || _frame.Length < bytes) _frame = new byte[Math.Max(bytes, 64 * 1024)];
            return _frame;
        }

        // Writes the superblock as it stands with the next epoch (alternating
        // copies, see Superblock.EpochAfter), the log start given and the log's
        // current end as the known end, and flushes it; the store keeps it.
        private string UpdateSuperblock(ulong logStart, ulong logStartSequence, uint logStartPreviousChecksum)
        {
            Superblock next = _superblock.Clone();
            next.Epoch = Superblock.EpochAfter(_superblock.Epoch, Superblock.SlotOf(_superblock.Epoch));
            next.KnownEnd = _nextSector;
            next.KnownEndSequence = _nextSequence;
            next.LogStart = logStart;
            next.LogStartSequence = logStartSequence;
            next.LogStartPreviousChecksum = logStartPreviousChecksum;
            string error = WriteSuperblock(_device, next);
            if (error is null) _superblock = next;
            return error;
        }

        private static string WriteSuperblock(IBlockStorage device, Superblock superblock)
        {
            var sector = new byte[device.SectorSize];
            superblock.Encode(sector);
            return device.Write(Superblock.SlotOf(superblock.Epoch), 1, sector, 0) ?? device.Flush();
        }
    }
}
