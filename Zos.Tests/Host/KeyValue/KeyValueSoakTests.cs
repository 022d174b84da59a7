using System.Text;
using Zos.Kernel.KeyValue;
using Zos.Shell.Tools;

namespace Zos.Tests.Host.KeyValue;

// The workload `kv soak` runs: writers on threads of their own lose and
// duplicate nothing, and Check judges a store from its keys alone, naming a
// gap, a wrong value or a key no writer made.
public class KeyValueSoakTests
{
    private static KeyValueStore Store() => KeyValueStore.Format(new RecordingDisk(512, 4096), 7, out _)!;

    [Test]
    public void WritersOnTheirOwnThreadsLeaveExactlyTheirAcknowledgedKeys()
    {
        KeyValueStore store = Store();
        var soak = new KeyValueSoak(store, new ulong[4]);
        var threads = Enumerable.Range(0, 4).Select(w => new Thread(() =>
        {
            for (int i = 0; i < 25 + w; i++) Assert.That(soak.Step(w), Is.True);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.That((soak.Puts, soak.Gets, soak.Mismatches, soak.Failures, soak.FirstProblem), Is.EqualTo((106UL, 212UL, 0UL, 0UL, (string?)null)));
        Assert.That(KeyValueSoak.Check(store, 4, out ulong[] keys), Is.Null);
        Assert.That(keys, Is.EqualTo(new ulong[] { 25, 26, 27, 28 }));
        Assert.That(Enumerable.Range(0, 4).Select(w => soak.Acknowledged(w)), Is.EqualTo(keys));
    }

    // After a reboot the soak goes on where each writer's keys end.
    [Test]
    public void ASoakStartedAfterKeysOfItsOwnGoesOnAfterThem()
    {
        KeyValueStore store = Soaked(2, 3);
        Assert.That(KeyValueSoak.Check(store, 2, out ulong[] existing), Is.Null);
        var soak = new KeyValueSoak(store, existing);
        for (int i = 0; i < 2; i++) soak.Step(1);
        Assert.That((soak.Puts, soak.Acknowledged(0), soak.Acknowledged(1)), Is.EqualTo((2UL, 3UL, 5UL)));
        Assert.That(KeyValueSoak.Check(store, 2, out ulong[] keys), Is.Null);
        Assert.That(keys, Is.EqualTo(new ulong[] { 3, 5 }));
    }

    [Test]
    public void AFailedPutStopsItsWriterAndIsCounted()
    {
        var disk = new RecordingDisk(512, 4096);
        KeyValueStore store = KeyValueStore.Format(disk, 7, out _)!;
        var soak = new KeyValueSoak(store, new ulong[1]);
        Assert.That(soak.Step(0), Is.True);
        disk.FailNextFlush = "gone";
        Assert.That(soak.Step(0), Is.False);
        Assert.That((soak.Puts, soak.Failures), Is.EqualTo((1UL, 1UL)));
        Assert.That(soak.FirstProblem, Does.StartWith("writer 0 put 1: writing frame 2 at sector 3 of sim0: gone"));
    }

    private static KeyValueStore Soaked(int writers, int steps)
    {
        KeyValueStore store = Store();
        var soak = new KeyValueSoak(store, new ulong[writers]);
        for (int i = 0; i < steps; i++)
            for (int w = 0; w < writers; w++) soak.Step(w);
        return store;
    }

    [Test]
    public void CheckNamesAGapInAWritersKeys()
    {
        KeyValueStore store = Soaked(2, 6);
        store.Delete(KeyValueSoak.Key(1, 2), out _);
        Assert.That(KeyValueSoak.Check(store, 2, out _), Is.EqualTo("writer 1 has soak/01/00000003 where soak/01/00000002 comes next"));
    }

    [Test]
    public void CheckNamesAWrongValue()
    {
        KeyValueStore store = Soaked(2, 6);
        store.Put(KeyValueSoak.Key(0, 4), KeyValueSoak.Value(0, 5));
        Assert.That(KeyValueSoak.Check(store, 2, out _), Is.EqualTo("soak/00/00000004 holds a wrong value"));
    }

    [Test]
    public void CheckNamesKeysNoWriterMade()
    {
        KeyValueStore store = Soaked(3, 2);
        Assert.That(KeyValueSoak.Check(store, 2, out ulong[] keys), Is.EqualTo("6 keys under soak/, 4 of them from writers 0-1"));
        Assert.That(keys, Is.EqualTo(new ulong[] { 2, 2 }));
        store.Put(Encoding.ASCII.GetBytes("soak/stray"), [1]);
        Assert.That(KeyValueSoak.Check(store, 3, out _), Is.EqualTo("7 keys under soak/, 6 of them from writers 0-2"));
    }

    [Test]
    public void ValuesDependOnWriterAndNumberOnlyAndVaryInLength()
    {
        Assert.That(KeyValueSoak.Value(3, 17), Is.EqualTo(KeyValueSoak.Value(3, 17)));
        Assert.That(KeyValueSoak.Value(3, 17), Is.Not.EqualTo(KeyValueSoak.Value(2, 17)));
        Assert.That(Enumerable.Range(0, 50).Select(n => KeyValueSoak.Value(0, (ulong)n).Length).Distinct().Count(), Is.GreaterThan(40));
        Assert.That(Encoding.ASCII.GetString(KeyValueSoak.Key(12, 345)), Is.EqualTo("soak/12/00000345"));
    }
}
