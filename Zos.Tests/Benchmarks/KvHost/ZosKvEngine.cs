using Zos.Build;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Benchmarks.KvHost;

// Zos's own store over a sparse image file through the host tool's
// ImageFileStorage, whose flush is an fsync: the same code and durability as
// `zos kv`. Concurrent puts share frames through the store's group commit.
public sealed class ZosKvEngine : IKvEngine
{
    // Sparse: only the sectors the log reaches take space on the disk.
    private const long ImageBytes = 4L << 30;

    private readonly ImageFileStorage _image;
    private readonly KeyValueStore _store;

    public ZosKvEngine(string directory)
    {
        string path = Path.Combine(directory, "zos-kv.img");
        using (var file = new FileStream(path, FileMode.CreateNew)) file.SetLength(ImageBytes);
        _image = ImageFileStorage.Open(path, writable: true, out string? error) ?? throw new IOException(error);
        _store = KeyValueStore.Format(_image, storeId: 0x2B2B_0015, out error) ?? throw new IOException(error);
    }

    public string Name => "Zos";

    public void Put(byte[] key, byte[] value) => Check(_store.Put(key, value));

    public void PutMany(IReadOnlyList<(byte[] Key, byte[] Value)> pairs)
    {
        var batch = new WriteBatch();
        foreach (var (key, value) in pairs) batch.Put(key, value);
        Check(_store.Write(batch));
    }

    public byte[]? Get(byte[] key)
    {
        Check(_store.Get(key, out byte[] value));
        return value;
    }

    public int CountKeysWithPrefix(byte[] prefix) => _store.List(prefix).Length;

    public string? Compact()
    {
        Check(_store.Compact());
        return "Compact()";
    }

    public long BytesInUse(string directory) => (long)(_store.LogSectorsUsed + Superblock.FirstLogSector) * _image.SectorSize;

    public void Dispose()
    {
        _store.Close();
        _image.Dispose();
    }

    private static void Check(string? error)
    {
        if (error is not null) throw new IOException(error);
    }
}
