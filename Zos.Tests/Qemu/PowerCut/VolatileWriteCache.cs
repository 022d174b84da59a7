namespace Zos.Tests.Qemu.PowerCut;

// A disk with a volatile write cache, as the block protocol allows one to
// behave: reads see every write; a flush makes everything written before it
// durable; until then a write may be lost. At a power cut (Cut) the medium
// keeps what was flushed plus a random subset of the sectors written since,
// landed in any order, one of them possibly torn (a prefix of the new bytes
// over the old, or garbage). A cache made to ignore flushes (a disk that
// lies) acknowledges them and keeps everything volatile: the control that
// shows a cut loses what was not flushed. Thread-safe.
public sealed class VolatileWriteCache
{
    public const int Sector = 512;

    private readonly object _sync = new();
    private readonly byte[] _durable;
    private readonly byte[] _latest;
    // Every sector written since the last flush, in order (a sector may appear more than once).
    private readonly List<(long Sector, byte[] Data)> _unflushed = new();

    private readonly bool _honoursFlushes;

    public VolatileWriteCache(byte[] image, bool honoursFlushes = true)
    {
        _durable = (byte[])image.Clone();
        _latest = (byte[])image.Clone();
        _honoursFlushes = honoursFlushes;
    }

    public long Size => _latest.Length;
    public int Writes { get; private set; }
    public int Flushes { get; private set; }
    public int Unflushed { get { lock (_sync) return _unflushed.Count; } }

    public void Read(long offset, Span<byte> into)
    {
        lock (_sync) _latest.AsSpan((int)offset, into.Length).CopyTo(into);
    }

    // Whole sectors (what QEMU sends for a guest that writes sectors).
    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (offset % Sector != 0 || data.Length % Sector != 0) throw new ArgumentException($"a write of {data.Length} bytes at {offset} is not whole sectors");
        lock (_sync)
        {
            Writes++;
            data.CopyTo(_latest.AsSpan((int)offset));
            for (int i = 0; i < data.Length; i += Sector) _unflushed.Add((offset / Sector + i / Sector, data.Slice(i, Sector).ToArray()));
        }
    }

    public void Flush()
    {
        lock (_sync)
        {
            Flushes++;
            if (!_honoursFlushes) return;
            _latest.CopyTo(_durable, 0);
            _unflushed.Clear();
        }
    }

    // What the medium holds after a power cut now, and what happened to the unflushed sectors.
    public (byte[] Image, string Report) Cut(Random random)
    {
        lock (_sync)
        {
            byte[] image = (byte[])_durable.Clone();
            var landed = _unflushed.Where(_ => random.Next(2) == 0).OrderBy(_ => random.Next()).ToList();
            int torn = landed.Count > 0 && random.Next(2) == 0 ? random.Next(landed.Count) : -1;
            for (int i = 0; i < landed.Count; i++)
            {
                Span<byte> target = image.AsSpan((int)(landed[i].Sector * Sector), Sector);
                if (i != torn) landed[i].Data.CopyTo(target);
                else if (random.Next(4) == 0) random.NextBytes(target);
                else landed[i].Data.AsSpan(0, random.Next(1, Sector)).CopyTo(target);
            }
            string report = $"{_unflushed.Count} unflushed sectors: {landed.Count} landed, {_unflushed.Count - landed.Count} lost"
                + (torn >= 0 ? $", sector {landed[torn].Sector} torn" : "");
            return (image, report);
        }
    }
}
