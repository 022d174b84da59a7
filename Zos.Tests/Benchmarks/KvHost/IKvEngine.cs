namespace Zos.Tests.Benchmarks.KvHost;

// One key-value engine as KvWorkload drives it: the operations the rows
// measure, each with the durability the comparison requires. Failures throw.
public interface IKvEngine : IDisposable
{
    string Name { get; }

    // Returns once the put is durable (on the disk, fsync'd). Many threads may call it at once.
    void Put(byte[] key, byte[] value);

    // Loading for the read and space rows: the pairs in one durable transaction
    // (or batch), so that loading is not what the run spends its time on.
    void PutMany(IReadOnlyList<(byte[] Key, byte[] Value)> pairs);

    // The value, or null when the key is absent.
    byte[]? Get(byte[] key);

    // How many keys begin with prefix, walked in key order (keys only, as `kv list` lists them).
    int CountKeysWithPrefix(byte[] prefix);

    // The bytes the engine's data takes: its files' allocated blocks, or, for
    // Zos's store on a block device, the superblocks and the log sectors in
    // use (a ring: the device's other sectors are free for it to reuse).
    long BytesInUse(string directory) => DiskUsage.AllocatedBytes(directory);

    // Reclaims the space of overwritten values with the engine's own means and
    // says what it did; null when the engine has no compaction.
    string? Compact();
}
