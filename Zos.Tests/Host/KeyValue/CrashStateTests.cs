using System.Diagnostics;
using System.Text;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// Power cuts at every flush of a seeded workload: every image the device could
// be left in (any subset of the sectors written since the last flush, in any
// order, some torn) must open, without an error, to exactly the state before
// the operation in flight or exactly the state after it — every acknowledged
// operation present, the one in flight whole or absent. Reproducible: a
// failure names its seed. The larger campaign is opt-in:
//   dotnet test Zos.Tests -p:ZosSkipImage=true --filter "Category=kv-crash-campaign" --logger "console;verbosity=detailed"
public class CrashStateTests
{
    private const int SectorSize = 512;

    // The disk and the workload on it.
    private sealed record Rig(ulong Sectors, int KeySpace, int LargestValue)
    {
        // 512 KiB: a few hundred operations fit without compaction.
        public static readonly Rig Roomy = new(1024, 48, 3000);
        // 80 KiB for ~14 KiB of live data: the log wraps every ~150 operations, and compaction
        // copies forward the keys not overwritten since.
        public static readonly Rig Cramped = new(160, 64, 400);
    }

    [TestCase(15, 300)]
    [TestCase(1504, 300)]
    public void EveryCrashStateAtEveryFlushOpensToTheStateBeforeOrAfterTheOperationInFlight(int seed, int operations)
    {
        long states = RunWorkloadCheckingEveryFlush(seed, operations, Rig.Roomy, out _);
        TestContext.Out.WriteLine($"{states} crash states checked");
        Assert.That(states, Is.GreaterThan(1500), "crash states checked");
    }

    [TestCase(21, 300)]
    [TestCase(2104, 300)]
    public void EveryCrashStateWhileTheLogWrapsAndIsCompactedOpensToTheStateBeforeOrAfter(int seed, int operations)
    {
        long states = RunWorkloadCheckingEveryFlush(seed, operations, Rig.Cramped, out KeyValueStore store);
        TestContext.Out.WriteLine($"{states} crash states checked, {store.FramesCleaned} frames cleaned, {store.RecordsCopied} records copied, log start at frame {store.LogStartSequence}");
        Assert.That(states, Is.GreaterThan(1500), "crash states checked");
        Assert.That(store.FramesCleaned, Is.GreaterThan(100), "compaction ran under the cuts");
        Assert.That(store.RecordsCopied, Is.GreaterThan(10), "live records were copied forward");
        Assert.That(store.FramesWritten * 2, Is.GreaterThan(Rig.Cramped.Sectors), "the log went round the disk");
    }

    [Test, Explicit, Category("kv-crash-campaign")]
    public void CampaignOverManySeeds()
    {
        var clock = Stopwatch.StartNew();
        long states = 0;
        for (int seed = 1; seed <= 40; seed++) states += RunWorkloadCheckingEveryFlush(seed * 7919, 400, seed % 2 == 0 ? Rig.Roomy : Rig.Cramped, out _);
        for (int seed = 1; seed <= 200; seed++) CutAndContinue(seed, operations: 300, cuts: 25, seed % 2 == 0 ? Rig.Roomy : Rig.Cramped);
        TestContext.Out.WriteLine($"{states} crash states at flushes and 200 × 25 chained cuts in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [TestCase(7)]
    [TestCase(8)]
    [TestCase(9)]
    public void RepeatedPowerCutsAtRandomWritesAndFlushesLoseNothingAcknowledged(int seed) => CutAndContinue(seed, operations: 300, cuts: 25, Rig.Roomy);

    [TestCase(10)]
    [TestCase(11)]
    public void RepeatedPowerCutsWhileTheLogWrapsAndIsCompactedLoseNothingAcknowledged(int seed) =>
        CutAndContinue(seed, operations: 400, cuts: 25, Rig.Cramped);

    private static long RunWorkloadCheckingEveryFlush(int seed, int operations, Rig rig, out KeyValueStore store)
    {
        var random = new Random(seed);
        var disk = new RecordingDisk(SectorSize, rig.Sectors);
        store = KeyValueStore.Format(disk, (ulong)seed, out string? error)!;
        Assert.That(error, Is.Null);
        var workload = new SeededWorkload(random, rig.KeySpace, rig.LargestValue);
        var model = new StoreModel();
        StoreModel before = model, after = model;
        long states = 0;
        int step = 0;
        disk.AtCrashPoint = (recording, isFlush) =>
        {
            if (!isFlush) return;
            foreach (byte[] image in CrashImages.Of(recording, random, exhaustiveUpTo: 4, samples: 16, torn: 6))
            {
                CheckRecovery(image, rig.Sectors, before, after, $"seed {seed}, operation {step}, crash state {states}", writeAfter: states % 4 == 0);
                states++;
            }
        };
        for (step = 0; step < operations; step++)
        {
            WriteBatchModel operation = workload.Next();
            before = model;
            after = model.Clone();
            after.Apply(operation);
            SeededWorkload.Run(store!, operation, before);
            model = after;
            before = after;
        }
        // A cut while the store closes, too.
        Assert.That(store.Close(), Is.Null);
        return states;
    }

    // Opens the crash image: it must hold `before` or `after`; then (writeAfter)
    // one more put on the recovered store, which must survive the next open next to it.
    private static void CheckRecovery(byte[] image, ulong sectors, StoreModel before, StoreModel after, string where, bool writeAfter)
    {
        var crashed = new RecordingDisk(SectorSize, sectors, image);
        KeyValueStore recovered = KeyValueStore.Open(crashed, readOnly: false, out string? error)!;
        Assert.That(error, Is.Null, where);
        string? fromBefore = before.DifferenceFrom(recovered);
        string? fromAfter = fromBefore is null ? null : after.DifferenceFrom(recovered);
        Assert.That(fromBefore is null || fromAfter is null, $"{where}: neither before ({fromBefore}) nor after ({fromAfter})");
        if (!writeAfter) return;
        StoreModel held = (fromBefore is null ? before : after).Clone();

        byte[] key = Encoding.ASCII.GetBytes("after-recovery");
        byte[] value = Encoding.ASCII.GetBytes(where);
        Assert.That(recovered.Put(key, value), Is.Null, where);
        held.Put(key, value);
        KeyValueStore reopened = KeyValueStore.Open(new RecordingDisk(SectorSize, sectors, crashed.DurableImage()), readOnly: true, out error)!;
        Assert.That(error, Is.Null, where + ", reopened after a put on the recovered store");
        Assert.That(held.DifferenceFrom(reopened), Is.Null, where + ", reopened after a put on the recovered store");
    }

    // Runs the workload, cutting the power `cuts` times at a random write or
    // flush; each time a random crash image becomes the disk, the store is
    // opened on it (the open itself may be cut too) and the workload goes on
    // with whichever state it recovered.
    private static void CutAndContinue(int seed, int operations, int cuts, Rig rig)
    {
        var random = new Random(seed);
        var workload = new SeededWorkload(random, rig.KeySpace, rig.LargestValue);
        var disk = new RecordingDisk(SectorSize, rig.Sectors);
        KeyValueStore store = KeyValueStore.Format(disk, (ulong)seed, out string? error)!;
        Assert.That(error, Is.Null);
        var model = new StoreModel();
        int cutsLeft = cuts;
        for (int step = 0; step < operations; step++)
        {
            WriteBatchModel operation = workload.Next();
            StoreModel after = model.Clone();
            after.Apply(operation);
            int countdown = cutsLeft > 0 && random.Next(operations / cuts) == 0 ? random.Next(1, 4) : -1;
            disk.AtCrashPoint = (_, _) =>
            {
                if (countdown > 0 && --countdown == 0) throw new PowerCut();
            };
            try
            {
                SeededWorkload.Run(store, operation, model);
                model = after;
                continue;
            }
            catch (PowerCut)
            {
                cutsLeft--;
            }
            // Recover, perhaps through further cuts during the open itself.
            while (true)
            {
                byte[][] images = CrashImages.Of(disk, random, exhaustiveUpTo: 0, samples: 1, torn: 1).ToArray();
                byte[] image = images[random.Next(images.Length)];
                disk = new RecordingDisk(SectorSize, rig.Sectors, image);
                bool cutOpen = random.Next(5) == 0;
                disk.AtCrashPoint = (_, _) => { if (cutOpen) throw new PowerCut(); };
                try
                {
                    store = KeyValueStore.Open(disk, readOnly: false, out error)!;
                }
                catch (PowerCut)
                {
                    continue;
                }
                string where = $"seed {seed}, operation {step}";
                Assert.That(error, Is.Null, where);
                string? fromBefore = model.DifferenceFrom(store);
                string? fromAfter = fromBefore is null ? null : after.DifferenceFrom(store);
                Assert.That(fromBefore is null || fromAfter is null, $"{where}: neither before ({fromBefore}) nor after ({fromAfter})");
                if (fromBefore is not null) model = after;
                break;
            }
        }
    }

    private sealed class PowerCut : Exception;
}
