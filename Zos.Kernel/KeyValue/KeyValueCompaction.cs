using System;
using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // Compaction (docs/storage.md, "Compaction"): the log is a ring between
    // sector 2 and the log end. The oldest frames are cleaned a round at a
    // time: their live records (those the index still points at) are
    // written forward as one new frame, flushed like any frame, and only then
    // does the superblock's log start move past them (written and flushed):
    // a power cut between the two leaves both copies, which replay applies
    // in order to the same values. Deletes need no copy: every older record
    // of their key lies before them, so it was reclaimed first. A frame that
    // does not fit before the log's end goes to sector 2.
    public sealed partial class KeyValueStore
    {
        private const ulong NoRoom = ulong.MaxValue;

        public ulong FramesCleaned { get; private set; }
        public ulong RecordsCopied { get; private set; }
        // The oldest frame replay reads: where it is and its sequence.
        public ulong LogStart => _superblock.LogStart;
        public ulong LogStartSequence => _superblock.LogStartSequence;

        // Cleans every frame written before the call, a round at a time (writers
        // go on between rounds). Null, or why it stopped.
        public string Compact()
        {
            ulong stop;
            lock (_queue)
                if (_stopped is not null) return _stopped;
            lock (_commit) stop = _nextSequence;
            while (true)
            {
                lock (_commit)
                {
                    lock (_queue)
                        if (_stopped is not null) return _stopped;
                    if (_superblock.LogStartSequence >= stop) return null;
                    string error = CleanRound(stop, out bool progressed);
                    if (error is not null) return error;
                    if (!progressed)
                        return _device.Name + "'s store is full: the live records of its oldest frame do not fit in the "
                            + FreeSectors().ToString() + " free sectors";
                }
            }
        }

        // Sectors a client's frame must leave free: compaction copies live
        // records forward before it frees anything, so a log filled to the
        // last sector could never be compacted. An eighth of the log; a frame
        // with more live records than that at the log start makes the store full.
        private ulong Reserve => (_superblock.LogEnd - Superblock.FirstLogSector) / 8;

        // Where a frame of that many sectors goes, leaving `reserve` sectors
        // free: after the newest frame, or at sector 2 when it does not fit
        // before the log's end; NoRoom when there is no such place. A frame
        // always ends strictly before the log start, so that the head meets
        // the start only when the log is empty.
        private ulong PlaceFrame(int sectors, ulong reserve)
        {
            ulong head = _nextSector, start = _superblock.LogStart, count = (ulong)sectors;
            if (head < start) return start - head > count + reserve ? head : NoRoom;
            if (_superblock.LogEnd - head >= count && FreeSectors() > count + reserve) return head;
            return start - Superblock.FirstLogSector > count + reserve ? Superblock.FirstLogSector : NoRoom;
        }

        private ulong FreeSectors()
        {
            ulong head = _nextSector, start = _superblock.LogStart;
            return head < start ? start - head : _superblock.LogEnd - head + (start - Superblock.FirstLogSector);
        }

        // Sectors of the ring from one sector up to another.
        private ulong SectorsBetween(ulong from, ulong to) =>
            to >= from ? to - from : _superblock.LogEnd - from + (to - Superblock.FirstLogSector);

        // Cleans rounds until a client's frame of that many sectors has a
        // place, or a round frees nothing (then the caller reports the store full).
        private string MakeRoom(int sectors, ulong reserve)
        {
            ulong stop = _nextSequence;
            while (PlaceFrame(sectors, reserve) == NoRoom && _superblock.LogStartSequence < stop)
            {
                string error = CleanRound(stop, out bool progressed);
                if (error is not null || !progressed) return error;
            }
            return null;
        }

        // One round, under _commit: the oldest frames (before frame `stop`)
        // whose live records fit together in one frame that has a place now,
        // copied forward, then the log start moved past them.
        private string CleanRound(ulong stop, out bool progressed)
        {
            progressed = false;
            ulong sequence = _superblock.LogStartSequence, at = _superblock.LogStart;
            uint previous = _superblock.LogStartPreviousChecksum;
            var copies = new WriteBatch();
            int frames = 0;
            while (sequence < stop)
            {
                string error = ReadLogFrame(ref at, sequence, previous, out FrameHeader header, out byte[] frame, out int sectors);
                if (error is not null) return "compacting " + _device.Name + "'s store: " + error;
                WriteBatch live = LiveRecords(header, frame, at);
                long bytes = copies.EncodedBytes + live.EncodedBytes;
                int copySectors = FrameHeader.SectorsFor((int)bytes, _device.SectorSize);
                // Copies stay small (below the half of the reserve deletes leave), so that cleaning them later fits;
                // a frame of more live records than that is copied alone.
                if (live.Count > 0 && (bytes > KeyValueLimits.MaxFramePayloadBytes || PlaceFrame(copySectors, 0) == NoRoom
                    || copies.Count > 0 && (ulong)copySectors >= Reserve / 2))
                    break;
                copies.AddAll(live);
                frames++;
                previous = header.Checksum;
                sequence++;
                at += (ulong)sectors;
            }
            if (frames == 0) return null;
            if (copies.Count > 0)
            {
                var group = new CommitGroup();
                group.Add(copies);
                int sectors = FrameHeader.SectorsFor((int)group.Bytes, _device.SectorSize);
                string error = WriteFrameAt(group, PlaceFrame(sectors, 0), sectors);
                if (error is not null) return error;
                RecordsCopied += (ulong)copies.Count;
            }
            // The new start: the frame `sequence`, after the cleaned ones or at sector 2; the head when none is left.
            ulong start = _nextSector;
            if (sequence < _nextSequence)
            {
                string error = ReadLogFrame(ref at, sequence, previous, out _, out _, out _);
                if (error is not null) return "compacting " + _device.Name + "'s store: " + error;
                start = at;
            }
            string written = UpdateSuperblock(start, sequence, previous);
            if (written is not null)
            {
                written = "moving the log start of " + _device.Name + "'s store: " + written;
                lock (_queue) _stopped = "the store stopped writing after an error (reopen it to recover): " + written;
                return written;
            }
            FramesCleaned += (ulong)frames;
            progressed = true;
            return null;
        }

        // The frame `sequence` of the log, which continues `previous`: at `at`,
        // or at sector 2 when the writer wrapped there (then `at` moves).
        // Its records are checked; an error names where the log is damaged.
        private string ReadLogFrame(ref ulong at, ulong sequence, uint previous, out FrameHeader header, out byte[] frame, out int sectors)
        {
            frame = null;
            sectors = 0;
            int size = _device.SectorSize;
            var first = new byte[size];
            bool found = false;
            header = default;
            for (int attempt = 0; attempt < 2 && !found; attempt++)
            {
                if (attempt == 1) at = Superblock.FirstLogSector;
                if (at >= _superblock.LogEnd) continue;
                string error = _device.Read(at, 1, first, 0);
                if (error is not null) return "reading sector " + at.ToString() + ": " + error;
                found = FrameHeader.TryDecode(first, out header, out string impossible) && impossible is null
                    && header.StoreId == _superblock.StoreId && header.Sequence == sequence && header.PreviousChecksum == previous;
            }
            if (!found) return "frame " + sequence.ToString() + " of the log is neither at its place nor at sector 2";
            sectors = FrameHeader.SectorsFor(header.PayloadBytes, size);
            if ((ulong)sectors > _superblock.LogEnd - at) return "frame " + sequence.ToString() + " at sector " + at.ToString() + " runs past the log's end";
            frame = new byte[sectors * size];
            string read = _device.Read(at, sectors, frame, 0);
            if (read is not null) return "reading frame " + sequence.ToString() + " at sector " + at.ToString() + ": " + read;
            for (int record = 0, offset = FrameHeader.Bytes; record < header.RecordCount; record++)
            {
                string bad = LogRecord.Decode(new ReadOnlySpan<byte>(frame, offset, FrameHeader.Bytes + header.PayloadBytes - offset), sequence,
                    verifyChecksum: true, out _, out int keyBytes, out int valueBytes);
                if (bad is not null) return "frame " + sequence.ToString() + " at sector " + at.ToString() + ", byte " + offset.ToString() + ": " + bad;
                offset += LogRecord.SizeOf(keyBytes, valueBytes);
            }
            return null;
        }

        // The puts of the frame that the index still points at.
        private WriteBatch LiveRecords(FrameHeader header, byte[] frame, ulong frameSector)
        {
            var live = new WriteBatch();
            lock (_index)
            {
                for (int record = 0, offset = FrameHeader.Bytes; record < header.RecordCount; record++)
                {
                    LogRecord.Decode(new ReadOnlySpan<byte>(frame, offset, FrameHeader.Bytes + header.PayloadBytes - offset), header.Sequence,
                        verifyChecksum: false, out byte kind, out int keyBytes, out int valueBytes);
                    var key = new ReadOnlySpan<byte>(frame, offset + LogRecord.HeaderBytes, keyBytes);
                    if (kind == LogRecord.Put && _keys.TryGet(key, out RecordLocation location)
                        && location.FrameSector == frameSector && location.Offset == offset)
                        live.Put(key.ToArray(), new ReadOnlySpan<byte>(frame, offset + LogRecord.HeaderBytes + keyBytes, valueBytes).ToArray());
                    offset += LogRecord.SizeOf(keyBytes, valueBytes);
                }
            }
            return live;
        }
    }
}
