using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// Puts, deletes and batches over a small key space (so keys are overwritten
// and deleted often), with values from empty to several sectors long.
public sealed class SeededWorkload
{
    private readonly Random _random;
    private readonly int _keySpace;
    private readonly int _largestValue;

    public SeededWorkload(Random random, int keySpace = 48, int largestValue = 3000)
    {
        _random = random;
        _keySpace = keySpace;
        _largestValue = largestValue;
    }

    public byte[] Key(int number) => Encoding.ASCII.GetBytes((number % 3 == 0 ? "user/" : number % 3 == 1 ? "item/" : "log/") + number);

    public byte[] Value()
    {
        int length = _random.Next(8) == 0 ? _random.Next(_largestValue + 1) : _random.Next(200);
        var value = new byte[length];
        _random.NextBytes(value);
        return value;
    }

    // The next operation: a put (most), a delete, or a batch of two to five of them.
    public WriteBatchModel Next()
    {
        var batch = new WriteBatchModel();
        int operations = _random.Next(6) == 0 ? _random.Next(2, 6) : 1;
        for (int i = 0; i < operations; i++)
        {
            byte[] key = Key(_random.Next(_keySpace));
            batch.Operations.Add((key, _random.Next(4) == 0 ? null : Value()));
        }
        return batch;
    }

    // Carries the operation out as a single Put or Delete when it is one, else as a batch;
    // checks what Delete and the batch say existed against the model before it.
    public static void Run(KeyValueStore store, WriteBatchModel operation, StoreModel before)
    {
        if (operation.Operations.Count == 1)
        {
            var (key, value) = operation.Operations[0];
            if (value is not null)
            {
                Assert.That(store.Put(key, value), Is.Null);
                return;
            }
            Assert.That(store.Delete(key, out bool existed), Is.Null);
            Assert.That(existed, Is.EqualTo(before.Contains(key)), $"delete {ByteKeys.Describe(key)} says whether it existed");
            return;
        }
        WriteBatch batch = operation.ToBatch();
        Assert.That(store.Write(batch), Is.Null);
        StoreModel running = before.Clone();
        for (int i = 0; i < operation.Operations.Count; i++)
        {
            var (key, value) = operation.Operations[i];
            Assert.That(batch.Existed(i), Is.EqualTo(running.Contains(key)), $"batch operation {i} on {ByteKeys.Describe(key)}");
            if (value is null) running.Delete(key);
            else running.Put(key, value);
        }
    }
}
