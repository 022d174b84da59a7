using System;
using Zos.Hal.Drivers;
using Zos.Kernel.Hashing;
using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // The store's description, kept twice (sectors 0 and 1, docs/storage.md):
    // each update goes to the copy that does not hold the newest valid one,
    // so a torn update leaves the other intact. Layout (little-endian):
    //   0 magic "ZKVS"   4 CRC-32C of bytes 8..127   8 version   12 sector size
    //   16 store id   24 epoch   32 first log sector   40 log end (exclusive)
    //   48 known end: replay must reach at least this sector   56 the sequence expected there
    //   64 log start: the oldest frame still needed   72 its sequence   80 the header CRC of the frame before it
    // The log is circular between sector 2 and the log end: compaction
    // (LogCleaner) moves the log start on, and frames after the last one that
    // fits before the log end continue at sector 2. Version 1 (before
    // compaction) had no start fields: its log starts at sector 2 with frame 1.
    public sealed class Superblock
    {
        public const int Bytes = 128;
        public const uint Magic = 0x53564B5A; // "ZKVS"
        public const ushort FormatVersion = 2;
        public const ushort FormatVersionWithoutCompaction = 1;
        public const ulong FirstLogSector = 2;

        public int SectorSize;
        // Chosen at format: frames of an earlier store on the same disk never match it.
        public ulong StoreId;
        // Bumped by every update of the superblock (so updates alternate between
        // the copies); frames carry the epoch of the update that opened the store
        // for writing, so a frame left by an earlier session never continues
        // the log of a later one.
        public ulong Epoch;
        public ulong LogEnd;
        // Every frame before it was acknowledged (it only grows): a log that
        // breaks earlier has lost acknowledged data, which is corruption, not a torn tail.
        public ulong KnownEnd;
        public ulong KnownEndSequence;
        // Where replay begins, and what the frame there continues.
        public ulong LogStart = FirstLogSector;
        public ulong LogStartSequence = 1;
        public uint LogStartPreviousChecksum;

        public Superblock Clone() => new Superblock
        {
            SectorSize = SectorSize, StoreId = StoreId, Epoch = Epoch, LogEnd = LogEnd, KnownEnd = KnownEnd, KnownEndSequence = KnownEndSequence,
            LogStart = LogStart, LogStartSequence = LogStartSequence, LogStartPreviousChecksum = LogStartPreviousChecksum,
        };

        public void Encode(Span<byte> sector)
        {
            sector.Slice(0, Bytes).Clear();
            LittleEndian.Put32(sector, 0, Magic);
            LittleEndian.Put16(sector, 8, FormatVersion);
            LittleEndian.Put32(sector, 12, (uint)SectorSize);
            LittleEndian.Put64(sector, 16, StoreId);
            LittleEndian.Put64(sector, 24, Epoch);
            LittleEndian.Put64(sector, 32, FirstLogSector);
            LittleEndian.Put64(sector, 40, LogEnd);
            LittleEndian.Put64(sector, 48, KnownEnd);
            LittleEndian.Put64(sector, 56, KnownEndSequence);
            LittleEndian.Put64(sector, 64, LogStart);
            LittleEndian.Put64(sector, 72, LogStartSequence);
            LittleEndian.Put32(sector, 80, LogStartPreviousChecksum);
            LittleEndian.Put32(sector, 4, Crc32C.Of(sector.Slice(8, Bytes - 8)));
        }

        // The superblock in that sector, or null with why not (never an exception).
        public static Superblock Decode(ReadOnlySpan<byte> sector, int sectorSize, ulong sectorCount, out string error)
        {
            if (LittleEndian.Get32(sector, 0) != Magic) { error = "no superblock (magic)"; return null; }
            if (LittleEndian.Get32(sector, 4) != Crc32C.Of(sector.Slice(8, Bytes - 8))) { error = "checksum mismatch"; return null; }
            ushort version = LittleEndian.Get16(sector, 8);
            if (version != FormatVersion && version != FormatVersionWithoutCompaction)
            {
                error = "format version " + version.ToString() + ", not " + FormatVersionWithoutCompaction.ToString() + " or " + FormatVersion.ToString();
                return null;
            }
            var superblock = new Superblock
            {
                SectorSize = (int)LittleEndian.Get32(sector, 12),
                StoreId = LittleEndian.Get64(sector, 16),
                Epoch = LittleEndian.Get64(sector, 24),
                LogEnd = LittleEndian.Get64(sector, 40),
                KnownEnd = LittleEndian.Get64(sector, 48),
                KnownEndSequence = LittleEndian.Get64(sector, 56),
            };
            if (version == FormatVersion)
            {
                superblock.LogStart = LittleEndian.Get64(sector, 64);
                superblock.LogStartSequence = LittleEndian.Get64(sector, 72);
                superblock.LogStartPreviousChecksum = LittleEndian.Get32(sector, 80);
            }
            ulong first = LittleEndian.Get64(sector, 32);
            error = superblock.SectorSize != sectorSize ? "written for " + superblock.SectorSize.ToString() + "-byte sectors, the device has " + sectorSize.ToString()
                : first != FirstLogSector ? "the log starts at sector " + first.ToString() + ", not " + FirstLogSector.ToString()
                : superblock.LogEnd > sectorCount || superblock.LogEnd <= FirstLogSector ? "the log ends at sector " + superblock.LogEnd.ToString() + ", outside the device's " + sectorCount.ToString()
                : superblock.KnownEnd < FirstLogSector || superblock.KnownEnd > superblock.LogEnd ? "the known end, sector " + superblock.KnownEnd.ToString() + ", is outside the log"
                : superblock.LogStart < FirstLogSector || superblock.LogStart >= superblock.LogEnd ? "the log start, sector " + superblock.LogStart.ToString() + ", is outside the log"
                : superblock.LogStartSequence == 0 || superblock.LogStartSequence > superblock.KnownEndSequence
                    ? "the log starts with frame " + superblock.LogStartSequence.ToString() + ", after its known end's frame " + superblock.KnownEndSequence.ToString()
                : null;
            return error is null ? superblock : null;
        }

        // Null, or why the device cannot hold a store: sectors too small for a
        // superblock, or no room for a log sector after the two copies.
        public static string CheckFits(IBlockStorage device) =>
            device.SectorSize >= Bytes && device.SectorCount > FirstLogSector ? null
                : device.Name + " is too small for a store (" + device.SectorCount.ToString() + " sectors of " + device.SectorSize.ToString() + " bytes)";

        // The valid copy of the higher epoch, and its slot; null with both
        // copies' faults when neither is valid.
        public static Superblock ReadNewest(IBlockStorage device, out ulong slot, out string error)
        {
            slot = 0;
            int size = device.SectorSize;
            error = CheckFits(device);
            if (error is not null) return null;
            var sectors = new byte[2 * size];
            error = device.Read(0, 2, sectors, 0);
            if (error is not null)
            {
                error = "reading the superblocks of " + device.Name + ": " + error;
                return null;
            }
            Superblock first = Decode(new ReadOnlySpan<byte>(sectors, 0, size), size, device.SectorCount, out string firstError);
            Superblock second = Decode(new ReadOnlySpan<byte>(sectors, size, size), size, device.SectorCount, out string secondError);
            if (first is null && second is null)
                error = device.Name + " holds no store: sector 0: " + firstError + "; sector 1: " + secondError;
            else if (first is not null && second is not null && first.StoreId != second.StoreId)
                error = device.Name + "'s two superblocks name different stores (" + first.StoreId.ToString("X16") + " in sector 0, "
                    + second.StoreId.ToString("X16") + " in sector 1)";
            if (error is not null) return null;
            slot = first is null || (second is not null && second.Epoch > first.Epoch) ? 1UL : 0UL;
            return slot == 1 ? second : first;
        }

        // Which copy (sector 0 or 1) a superblock of that epoch lives in.
        public static ulong SlotOf(ulong epoch) => epoch & 1;

        // The epoch of an update after the newest valid copy (in slot newestSlot)
        // and every frame seen: above all of them, and in the other copy, so
        // that a torn update leaves the newest valid one standing.
        public static ulong EpochAfter(ulong highestSeen, ulong newestSlot) =>
            SlotOf(highestSeen + 1) != newestSlot ? highestSeen + 1 : highestSeen + 2;
    }
}
