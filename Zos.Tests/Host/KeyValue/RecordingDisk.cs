using Zos.Kernel.Storage;

namespace Zos.Tests.Host.KeyValue;

// A simulated block device that keeps what a power cut could leave: every
// sector written since the last flush, in order, with what it replaced (so
// the image as of the last flush can be rebuilt). Reads see the latest writes
// (a device's cache does). A test may watch each write and flush
// (AtCrashPoint: just after a write, or just before a flush takes effect), cut
// the power there by throwing, and fail writes or flushes on request.
// Thread-safe: the store's committer and readers call it at once.
public sealed class RecordingDisk : IBlockStorage
{
    public readonly record struct SectorWrite(ulong Sector, byte[] Data, byte[] Replaced);

    private readonly object _sync = new();
    private readonly byte[] _latest;
    private readonly List<SectorWrite> _unflushed = new();

    public RecordingDisk(int sectorSize, ulong sectorCount, byte[]? image = null)
    {
        SectorSize = sectorSize;
        SectorCount = sectorCount;
        _latest = image is null ? new byte[sectorSize * (long)sectorCount] : (byte[])image.Clone();
    }

    public string Name => "sim0";
    public int SectorSize { get; }
    public ulong SectorCount { get; }
    public int Writes { get; private set; }
    public int Flushes { get; private set; }
    public int Reads { get; private set; }

    // Called (outside the disk's lock) after each write is recorded, with isFlush false,
    // and before each flush takes effect, with isFlush true.
    public Action<RecordingDisk, bool>? AtCrashPoint;
    // When set, the next write or flush fails with this message (once).
    public string? FailNextWrite;
    public string? FailNextFlush;

    // The image as of the last flush: the latest, with the unflushed writes undone newest first.
    public byte[] DurableImage()
    {
        lock (_sync)
        {
            byte[] image = (byte[])_latest.Clone();
            for (int i = _unflushed.Count - 1; i >= 0; i--) _unflushed[i].Replaced.CopyTo(image, (long)_unflushed[i].Sector * SectorSize);
            return image;
        }
    }

    public IReadOnlyList<SectorWrite> Unflushed() { lock (_sync) return _unflushed.ToArray(); }

    public string? Read(ulong sector, int count, byte[] buffer, int offset)
    {
        lock (_sync)
        {
            if (!InRange(sector, count, buffer, offset)) return "out of range";
            Reads++;
            Array.Copy(_latest, (long)sector * SectorSize, buffer, offset, count * SectorSize);
            return null;
        }
    }

    public string? Write(ulong sector, int count, byte[] buffer, int offset)
    {
        lock (_sync)
        {
            if (!InRange(sector, count, buffer, offset)) return "out of range";
            if (FailNextWrite is { } failure)
            {
                FailNextWrite = null;
                // A failed write may still have reached the medium in part: keep its first sector.
                Record(sector, buffer, offset);
                return failure;
            }
            Writes++;
            for (int i = 0; i < count; i++) Record(sector + (ulong)i, buffer, offset + i * SectorSize);
        }
        AtCrashPoint?.Invoke(this, false);
        return null;
    }

    public string? Flush()
    {
        AtCrashPoint?.Invoke(this, true);
        lock (_sync)
        {
            if (FailNextFlush is { } failure)
            {
                FailNextFlush = null;
                return failure;
            }
            Flushes++;
            _unflushed.Clear();
            return null;
        }
    }

    // Changes the medium directly, as if flushed: damage.
    public void Damage(ulong sector, Action<Span<byte>> change)
    {
        lock (_sync)
        {
            if (_unflushed.Count > 0) throw new InvalidOperationException("damage a flushed disk");
            change(_latest.AsSpan((int)((long)sector * SectorSize), SectorSize));
        }
    }

    private void Record(ulong sector, byte[] buffer, int offset)
    {
        Span<byte> target = _latest.AsSpan((int)((long)sector * SectorSize), SectorSize);
        _unflushed.Add(new SectorWrite(sector, buffer.AsSpan(offset, SectorSize).ToArray(), target.ToArray()));
        buffer.AsSpan(offset, SectorSize).CopyTo(target);
    }

    private bool InRange(ulong sector, int count, byte[] buffer, int offset) =>
        count >= 0 && sector + (ulong)count <= SectorCount && offset >= 0 && offset + (long)count * SectorSize <= buffer.Length;
}
