using RocksDbSharp;

namespace Zos.Tests.Benchmarks.KvHost;

// RocksDB with its defaults, every write synced (WriteOptions.sync: the WAL is
// fsync'd before Put returns); concurrent writers share WAL syncs through
// RocksDB's own write groups.
public sealed class RocksDbEngine : IKvEngine
{
    private readonly RocksDb _db;
    private readonly WriteOptions _durable = new WriteOptions().SetSync(true);

    public RocksDbEngine(string directory)
    {
        var options = new DbOptions().SetCreateIfMissing(true);
        _db = RocksDb.Open(options, Path.Combine(directory, "rocksdb"));
    }

    public string Name => "RocksDB";

    public void Put(byte[] key, byte[] value) => _db.Put(key, value, writeOptions: _durable);

    public void PutMany(IReadOnlyList<(byte[] Key, byte[] Value)> pairs)
    {
        using var batch = new WriteBatch();
        foreach (var (key, value) in pairs) batch.Put(key, value);
        _db.Write(batch, _durable);
    }

    public byte[]? Get(byte[] key) => _db.Get(key);

    public int CountKeysWithPrefix(byte[] prefix)
    {
        int count = 0;
        using Iterator iterator = _db.NewIterator();
        for (iterator.Seek(prefix); iterator.Valid() && iterator.Key().AsSpan().StartsWith(prefix); iterator.Next()) count++;
        return count;
    }

    public string? Compact()
    {
        // Null bounds: the whole key space (RocksDB's CompactRange(nullptr, nullptr)).
        _db.CompactRange((byte[]?)null, null);
        return "CompactRange(null, null)";
    }

    public void Dispose() => _db.Dispose();
}
