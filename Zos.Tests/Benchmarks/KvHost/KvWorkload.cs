using System.Diagnostics;
using System.Text;

namespace Zos.Tests.Benchmarks.KvHost;

// The workload of issue 15's comparison, written once and run against every
// engine. Values are random bytes (distinct per put, so that no engine's
// compression gains from repeated values); keys are "key/" and eight digits,
// so "key/0001" names a range of exactly 10,000 keys.
public static class KvWorkload
{
    public const int LoadBatch = 1000;

    public static byte[] Key(int index) => Encoding.ASCII.GetBytes($"key/{index:D8}");

    // Writers threads each doing durable puts of fresh keys for the duration: puts per second, all writers together.
    public static double DurablePutsPerSecond(IKvEngine engine, int writers, int valueBytes, TimeSpan duration)
    {
        long total = 0;
        using var start = new Barrier(writers + 1);
        var stopwatch = new Stopwatch();
        var threads = Enumerable.Range(0, writers).Select(writer => new Thread(() =>
        {
            var random = new Random(writer);
            var value = new byte[valueBytes];
            long puts = 0;
            start.SignalAndWait();
            while (stopwatch.Elapsed < duration)
            {
                random.NextBytes(value);
                engine.Put(Encoding.ASCII.GetBytes($"w{writer:D2}/{valueBytes}/{puts:D8}"), value);
                puts++;
            }
            Interlocked.Add(ref total, puts);
        })).ToList();
        threads.ForEach(t => t.Start());
        stopwatch.Start();
        start.SignalAndWait();
        threads.ForEach(t => t.Join());
        return total / stopwatch.Elapsed.TotalSeconds;
    }

    // Keys 0 .. count-1 written once more with new random values, LoadBatch to a durable batch.
    public static void WriteAll(IKvEngine engine, int count, int valueBytes, Random random)
    {
        var pairs = new List<(byte[] Key, byte[] Value)>(LoadBatch);
        for (int i = 0; i < count; i++)
        {
            var value = new byte[valueBytes];
            random.NextBytes(value);
            pairs.Add((Key(i), value));
            if (pairs.Count == LoadBatch || i == count - 1)
            {
                engine.PutMany(pairs);
                pairs.Clear();
            }
        }
    }

    // Gets of keys drawn uniformly from 0 .. count-1: gets per second (one thread).
    public static double RandomGetsPerSecond(IKvEngine engine, int count, int gets, int valueBytes, Random random)
    {
        byte[][] keys = Enumerable.Range(0, count).Select(Key).ToArray();
        int[] order = Enumerable.Range(0, gets).Select(_ => random.Next(count)).ToArray();
        var stopwatch = Stopwatch.StartNew();
        foreach (int index in order)
        {
            byte[]? value = engine.Get(keys[index]);
            if (value is null || value.Length != valueBytes)
                throw new InvalidOperationException($"{engine.Name}: key {index} gave {value?.Length.ToString() ?? "nothing"}, not {valueBytes} bytes");
        }
        return gets / stopwatch.Elapsed.TotalSeconds;
    }

    // Milliseconds to walk the keys with that prefix in order, the mean of repeats walks.
    public static double ListMilliseconds(IKvEngine engine, byte[] prefix, int expected, int repeats)
    {
        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < repeats; i++)
        {
            int found = engine.CountKeysWithPrefix(prefix);
            if (found != expected) throw new InvalidOperationException($"{engine.Name}: the range held {found} keys, not {expected}");
        }
        return stopwatch.Elapsed.TotalMilliseconds / repeats;
    }

    // Live bytes of count keys with values of valueBytes: what the store must keep at the least.
    public static long LiveBytes(int count, int valueBytes) => (long)count * (Key(0).Length + valueBytes);
}
