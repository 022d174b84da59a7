using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

public class GroupCommitTests
{
    // Sixteen writers against a device whose flush takes a millisecond: writers
    // that arrive while a frame is being flushed share the next flush, and every
    // acknowledged put is in the durable image.
    [Test]
    public void ConcurrentWritersShareFlushesAndLoseNothing()
    {
        const int Writers = 16, PutsEach = 40;
        var disk = new RecordingDisk(512, 16384);
        KeyValueStore store = KeyValueStore.Format(disk, 3, out string? error)!;
        Assert.That(error, Is.Null);
        int flushesAfterFormat = disk.Flushes;
        disk.AtCrashPoint = (_, isFlush) => { if (isFlush) Thread.Sleep(1); };
        var failures = new List<string>();
        var threads = Enumerable.Range(0, Writers).Select(writer => new Thread(() =>
        {
            for (int i = 0; i < PutsEach; i++)
            {
                string? putError = store.Put(Key(writer, i), Value(writer, i));
                if (putError is not null) lock (failures) failures.Add(putError);
            }
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        Assert.That(failures, Is.Empty);
        int flushes = disk.Flushes - flushesAfterFormat;
        TestContext.Out.WriteLine($"{Writers * PutsEach} puts in {flushes} flushes ({store.FramesWritten} frames)");
        Assert.That(flushes, Is.LessThan(Writers * PutsEach / 3), "waiting writers share flushes");
        Assert.That(store.BatchesWritten, Is.EqualTo((ulong)(Writers * PutsEach)));
        KeyValueStore reopened = KeyValueStore.Open(new RecordingDisk(512, 16384, disk.DurableImage()), readOnly: true, out error)!;
        Assert.That(error, Is.Null);
        for (int writer = 0; writer < Writers; writer++)
            for (int i = 0; i < PutsEach; i++)
            {
                Assert.That(reopened.Get(Key(writer, i), out byte[]? value), Is.Null);
                Assert.That(value, Is.EqualTo(Value(writer, i)));
            }
    }

    // A leader that lets the writers the last frame released run before it
    // closes its group gathers them all: without the pause (the store's
    // default) every other frame carries the returning leader's batch alone.
    private sealed class SleepingPause : ICommitPause
    {
        public int Pauses;
        public void LetWritersRun()
        {
            Interlocked.Increment(ref Pauses);
            Thread.Sleep(1);
        }
    }

    [Test]
    public void ALeaderThatLetsTheReleasedWritersRunFirstFillsItsFrame()
    {
        const int Writers = 16, PutsEach = 40;
        var disk = new RecordingDisk(512, 16384);
        KeyValueStore store = KeyValueStore.Format(disk, 5, out string? error)!;
        var pause = new SleepingPause();
        store.CommitPause = pause;
        int flushesAfterFormat = disk.Flushes;
        disk.AtCrashPoint = (_, isFlush) => { if (isFlush) Thread.Sleep(1); };
        var threads = Enumerable.Range(0, Writers).Select(writer => new Thread(() =>
        {
            for (int i = 0; i < PutsEach; i++) Assert.That(store.Put(Key(writer, i), Value(writer, i)), Is.Null);
        })).ToArray();
        foreach (Thread thread in threads) thread.Start();
        foreach (Thread thread in threads) thread.Join();

        int flushes = disk.Flushes - flushesAfterFormat;
        TestContext.Out.WriteLine($"{Writers * PutsEach} puts in {flushes} flushes, {pause.Pauses} pauses");
        Assert.That(pause.Pauses, Is.GreaterThan(0));
        Assert.That(flushes, Is.LessThanOrEqualTo(Writers * PutsEach / 10), "frames carry ten or more batches on average");
    }

    // Concurrent deletes of one key: exactly one of them finds it.
    [Test]
    public void OfConcurrentDeletesOfOneKeyExactlyOneSaysItExisted()
    {
        var disk = new RecordingDisk(512, 4096);
        KeyValueStore store = KeyValueStore.Format(disk, 4, out _)!;
        disk.AtCrashPoint = (_, isFlush) => { if (isFlush) Thread.Sleep(1); };
        for (int round = 0; round < 10; round++)
        {
            store.Put(Key(0, 0), Value(0, round));
            int existed = 0;
            var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
            {
                Assert.That(store.Delete(Key(0, 0), out bool found), Is.Null);
                if (found) Interlocked.Increment(ref existed);
            })).ToArray();
            foreach (Thread thread in threads) thread.Start();
            foreach (Thread thread in threads) thread.Join();
            Assert.That(existed, Is.EqualTo(1), $"round {round}");
        }
    }

    private static byte[] Key(int writer, int i) => Encoding.ASCII.GetBytes($"w{writer:D2}/{i:D3}");
    private static byte[] Value(int writer, int i) => Encoding.ASCII.GetBytes(new string((char)('a' + writer), i % 50 + 1));
}
