using System;
using Zos.Hal;
using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // Mount: picks the newest valid superblock, replays the log's frames in
    // order into a fresh index and stops at the first sector that does not
    // continue it (docs/storage.md, "Recovery"). Stopping is normal — the
    // frame being written when the power went, or never-written space. It is
    // damage, reported with where, when acknowledged data lies beyond the
    // stop: the log stops before the superblock's known end, or a later frame
    // of this store (a higher sequence) sits within one frame's reach after
    // it. Errors are sentences; nothing here throws on what the disk holds.
    internal sealed class LogReplay
    {
        private readonly IBlockStorage _device;
        private SectorReader _reader;
        // Epochs never decrease along the log.
        private ulong _lastFrameEpoch;

        public Superblock Superblock { get; private set; }
        // The copy it came from (0 or 1).
        public ulong SuperblockSlot { get; private set; }
        public KeyIndex Index { get; } = new KeyIndex();
        // Where the next frame goes, and what it continues.
        public ulong NextSector { get; private set; }
        public ulong NextSequence { get; private set; } = 1;
        public uint LastChecksum { get; private set; }
        // The highest epoch among the superblock and the frames replayed.
        public ulong HighestEpoch { get; private set; }
        public ulong Frames { get; private set; }
        public ulong Records { get; private set; }
        // Why replay stopped where it did (for `kv check`).
        public string StopReason { get; private set; }
        // Salvaging: the damage replay stopped at (null when none), and the
        // sectors after the stop that hold later frames of this store.
        public string Damage { get; private set; }
        public GrowableArray<ulong> LaterFrames { get; } = new GrowableArray<ulong>();
        // Set when the index outgrew its limit (replay stops there).
        private string _indexTooLarge;

        private readonly bool _salvage;
        private readonly long _indexLimit;

        private LogReplay(IBlockStorage device, bool salvage, long indexLimit)
        {
            _device = device;
            _salvage = salvage;
            _indexLimit = indexLimit;
        }

        // The replayed log, or null with the error. Salvaging, damage in the
        // log is no error: replay keeps what came before it and says where it is.
        // indexLimit: the most heap the index may take (KeyIndex.ApproximateBytes);
        // a store whose keys need more is refused rather than exhausting memory.
        public static LogReplay Run(IBlockStorage device, bool salvage, long indexLimit, out string error)
        {
            var replay = new LogReplay(device, salvage, indexLimit);
            error = replay.ReadSuperblocks();
            if (error is not null) return null;
            string damage = replay.ReplayFrames();
            if (replay._indexTooLarge is not null)
            {
                error = replay._indexTooLarge;
                return null;
            }
            if (damage is not null && !salvage)
            {
                error = damage;
                return null;
            }
            replay.Damage = damage;
            return replay;
        }

        private string ReadSuperblocks()
        {
            Superblock = Superblock.ReadNewest(_device, out ulong slot, out string error);
            if (Superblock is null) return error;
            SuperblockSlot = slot;
            HighestEpoch = Superblock.Epoch;
            NextSector = Superblock.LogStart;
            NextSequence = Superblock.LogStartSequence;
            LastChecksum = Superblock.LogStartPreviousChecksum;
            _reader = new SectorReader(_device, Superblock.LogEnd);
            return null;
        }

        private string ReplayFrames()
        {
            while (true)
            {
                if (Index.ApproximateBytes > _indexLimit)
                {
                    _indexTooLarge = KeyValueStore.IndexTooLarge(_device.Name, Index, _indexLimit) + " (replay had reached sector "
                        + NextSector.ToString() + ")";
                    return null;
                }
                string stop = ReplayFrame(NextSector, out string damage);
                // A frame that did not fit before the log's end was written at its first sector.
                if (stop is not null && damage is null && NextSector != Superblock.FirstLogSector
                    && ReplayFrame(Superblock.FirstLogSector, out damage) is null)
                    stop = null;
                if (stop is null && damage is null) continue;
                if (damage is not null && !_salvage) return damage;
                StopReason = stop ?? damage;
                string later = CheckNothingFollows(StopReason);
                return damage ?? later;
            }
        }

        // Replays the frame at that sector if it continues the log (then
        // NextSector is after it): null when it did; else why the log stops
        // there (a torn or unwritten frame), or the damage found.
        private string ReplayFrame(ulong at, out string damage)
        {
            damage = null;
            if (at >= Superblock.LogEnd) return "the log reaches the end of the device";
            string error = _reader.Read(at, 1, out byte[] buffer, out int offset);
            if (error is not null) { damage = "reading sector " + at.ToString() + ": " + error; return null; }
            if (!FrameHeader.TryDecode(new ReadOnlySpan<byte>(buffer, offset, FrameHeader.Bytes), out FrameHeader header, out string impossible))
                return "no frame at sector " + at.ToString();
            if (header.StoreId != Superblock.StoreId || header.Sequence != NextSequence || header.PreviousChecksum != LastChecksum
                || header.Epoch < _lastFrameEpoch)
                return "the frame at sector " + at.ToString() + " (sequence " + header.Sequence.ToString() + ") does not continue the log";
            if (impossible is not null) { damage = Where(at, header) + impossible; return null; }
            int sectors = FrameHeader.SectorsFor(header.PayloadBytes, _device.SectorSize);
            if ((ulong)sectors > Superblock.LogEnd - at)
            {
                damage = Where(at, header) + "claims " + sectors.ToString() + " sectors, past the log's end at sector " + Superblock.LogEnd.ToString();
                return null;
            }
            error = _reader.Read(at, sectors, out buffer, out offset);
            if (error is not null) { damage = "reading " + Where(at, header) + error; return null; }
            string bad = ParseRecords(header, new ReadOnlySpan<byte>(buffer, offset + FrameHeader.Bytes, header.PayloadBytes), at, apply: false);
            if (bad is not null) return Where(at, header) + bad;
            ParseRecords(header, new ReadOnlySpan<byte>(buffer, offset + FrameHeader.Bytes, header.PayloadBytes), at, apply: true);
            NextSector = at + (ulong)sectors;
            NextSequence++;
            LastChecksum = header.Checksum;
            _lastFrameEpoch = header.Epoch;
            if (header.Epoch > HighestEpoch) HighestEpoch = header.Epoch;
            Frames++;
            return null;
        }

        // Checks every record of the payload (apply false), or puts them into
        // the index (apply true: only once all were found whole, so a torn
        // frame changes nothing). Null, or which record is bad and why.
        private string ParseRecords(FrameHeader header, ReadOnlySpan<byte> payload, ulong frameSector, bool apply)
        {
            int at = 0;
            for (int record = 0; record < header.RecordCount; record++)
            {
                string bad = LogRecord.Decode(payload.Slice(at), header.Sequence, verifyChecksum: !apply, out byte kind, out int keyBytes, out int valueBytes);
                if (bad is not null) return "record " + record.ToString() + " at byte " + (FrameHeader.Bytes + at).ToString() + ": " + bad;
                int length = LogRecord.SizeOf(keyBytes, valueBytes);
                if (apply)
                {
                    ReadOnlySpan<byte> key = payload.Slice(at + LogRecord.HeaderBytes, keyBytes);
                    if (kind == LogRecord.Delete) Index.Remove(key);
                    else Index.Set(key.ToArray(), new RecordLocation { FrameSector = frameSector, Offset = FrameHeader.Bytes + at, Length = length, Sequence = header.Sequence });
                    Records++;
                }
                at += length;
            }
            return at == header.PayloadBytes ? null : "the records end at byte " + (FrameHeader.Bytes + at).ToString() + ", not at the payload's end";
        }

        // The log stopped at NextSector: damage if acknowledged data lies beyond.
        private string CheckNothingFollows(string stop)
        {
            ulong at = NextSector;
            string shortOfKnownEnd = null;
            if (NextSequence < Superblock.KnownEndSequence)
                shortOfKnownEnd = at == Superblock.KnownEnd
                    ? "the log reaches its known end at sector " + at.ToString() + " with frame " + NextSequence.ToString()
                        + " next, where the superblock expects " + Superblock.KnownEndSequence.ToString() + ": acknowledged data is damaged"
                    : "the log breaks at sector " + at.ToString() + " (" + stop + ") before its known end at sector "
                        + Superblock.KnownEnd.ToString() + ": acknowledged data is damaged";
            if (shortOfKnownEnd is not null && !_salvage) return shortOfKnownEnd;
            // A frame whose header was lost is at most this long: its successor, if any, starts within reach (past the log's end, from its start).
            ulong ring = Superblock.LogEnd - Superblock.FirstLogSector;
            ulong reach = Math.Min((ulong)FrameHeader.SectorsFor(KeyValueLimits.MaxFramePayloadBytes, _device.SectorSize), ring - 1);
            ulong sector = at;
            for (ulong step = 0; step < reach; step++)
            {
                sector = sector + 1 >= Superblock.LogEnd ? Superblock.FirstLogSector : sector + 1;
                string error = _reader.Read(sector, 1, out byte[] buffer, out int offset);
                if (error is not null) return "reading sector " + sector.ToString() + " after the log's end: " + error;
                if (!FrameHeader.TryDecode(new ReadOnlySpan<byte>(buffer, offset, FrameHeader.Bytes), out FrameHeader later, out _)) continue;
                if (later.StoreId != Superblock.StoreId || later.Sequence <= NextSequence) continue;
                LaterFrames.Add(sector);
                if (!_salvage)
                    return "the log breaks at sector " + at.ToString() + " (" + stop + ") but frame " + later.Sequence.ToString()
                        + " follows at sector " + sector.ToString() + ": acknowledged data is damaged";
            }
            if (shortOfKnownEnd is not null) return shortOfKnownEnd;
            if (LaterFrames.Count > 0)
                return "the log breaks at sector " + at.ToString() + " (" + stop + ") but " + LaterFrames.Count.ToString()
                    + " later frames follow from sector " + LaterFrames[0].ToString() + ": acknowledged data is damaged";
            return null;
        }

        private static string Where(ulong sector, FrameHeader header) =>
            "frame " + header.Sequence.ToString() + " at sector " + sector.ToString() + ": ";
    }
}
