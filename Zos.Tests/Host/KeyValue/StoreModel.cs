using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// What the store should hold: keys in the store's order (unsigned bytes), values.
public sealed class StoreModel
{
    private sealed class KeyOrder : IComparer<byte[]>
    {
        public int Compare(byte[]? a, byte[]? b) => ByteKeys.Compare(a, b);
    }

    private readonly SortedDictionary<byte[], byte[]> _entries = new(new KeyOrder());

    public int Count => _entries.Count;
    public IEnumerable<byte[]> Keys => _entries.Keys;
    public bool Contains(byte[] key) => _entries.ContainsKey(key);
    public byte[] ValueOf(byte[] key) => _entries[key];

    public StoreModel Clone()
    {
        var copy = new StoreModel();
        foreach (var entry in _entries) copy._entries.Add(entry.Key, entry.Value);
        return copy;
    }

    public void Put(byte[] key, byte[] value) => _entries[key] = value;

    public bool Delete(byte[] key) => _entries.Remove(key);

    public void Apply(WriteBatchModel batch)
    {
        foreach (var (key, value) in batch.Operations)
            if (value is null) Delete(key);
            else Put(key, value);
    }

    // Null when the store holds exactly this, else the first difference.
    public string? DifferenceFrom(KeyValueStore store)
    {
        byte[][] listed = store.List(Array.Empty<byte>());
        if (!listed.SequenceEqual(_entries.Keys, ByteArrayEquality.Instance))
            return $"keys listed: [{string.Join(", ", listed.Select(k => ByteKeys.Describe(k)))}], expected [{string.Join(", ", _entries.Keys.Select(k => ByteKeys.Describe(k)))}]";
        foreach (var (key, value) in _entries)
        {
            string? error = store.Get(key, out byte[]? stored);
            if (error is not null) return $"get {ByteKeys.Describe(key)}: {error}";
            if (stored is null || !stored.AsSpan().SequenceEqual(value)) return $"get {ByteKeys.Describe(key)}: a wrong value ({stored?.Length} bytes, expected {value.Length})";
        }
        return null;
    }
}

// A batch as the model sees it: the operations in order, null values for deletes.
public sealed class WriteBatchModel
{
    public List<(byte[] Key, byte[]? Value)> Operations { get; } = new();

    public WriteBatch ToBatch()
    {
        var batch = new WriteBatch();
        foreach (var (key, value) in Operations)
            if (value is null) batch.Delete(key);
            else batch.Put(key, value);
        return batch;
    }
}

public sealed class ByteArrayEquality : IEqualityComparer<byte[]>
{
    public static readonly ByteArrayEquality Instance = new();
    public bool Equals(byte[]? a, byte[]? b) => a is not null && b is not null && a.AsSpan().SequenceEqual(b);
    public int GetHashCode(byte[] key) => key.Length == 0 ? 0 : HashCode.Combine(key.Length, key[0], key[^1]);
}
