using System.Text;
using Zos.Hal.Drivers;
using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

// Damage to a filled store — random bit flips, zeroed sectors, a forged header —
// gives an error that names where, or (damage outside what the store needs) a
// store that returns every value right; never an exception, never a wrong value.
public class CorruptionTests
{
    private const int SectorSize = 512;
    private const ulong Sectors = 1024;

    private static byte[] Bytes(string text) => Encoding.ASCII.GetBytes(text);

    // A store after a seeded workload, closed (so its superblock knows where the log ends)
    // or not; with the state before its last operation and where that operation's frame starts.
    private sealed record FilledStore(byte[] Image, StoreModel Model, StoreModel BeforeLast, int LastFrame, int LogEnd);

    private static FilledStore Filled(int seed, bool close)
    {
        var random = new Random(seed);
        var disk = new RecordingDisk(SectorSize, Sectors);
        KeyValueStore store = KeyValueStore.Format(disk, (ulong)seed, out _)!;
        var workload = new SeededWorkload(random);
        var model = new StoreModel();
        StoreModel beforeLast = model;
        int lastFrame = 0;
        for (int i = 0; i < 150; i++)
        {
            WriteBatchModel operation = workload.Next();
            beforeLast = model.Clone();
            lastFrame = (int)(Superblock.FirstLogSector + store.LogSectorsUsed);
            SeededWorkload.Run(store, operation, model);
            model.Apply(operation);
        }
        if (close) Assert.That(store.Close(), Is.Null);
        return new FilledStore(disk.DurableImage(), model, beforeLast, lastFrame, (int)(Superblock.FirstLogSector + store.LogSectorsUsed));
    }

    // The states the damaged store may show: the filled state, or — damage to the last frame
    // of a store that was not closed, which looks just like a frame torn by a power cut —
    // the state before it.
    private static StoreModel[] Acceptable(FilledStore filled, bool closed, int damagedSector) =>
        !closed && damagedSector >= filled.LastFrame ? new[] { filled.Model, filled.BeforeLast } : new[] { filled.Model };

    // The store on the damaged image opens with an error naming a sector, or shows one of the
    // acceptable states (a Get may fail instead, naming the sector; it may never return a wrong
    // value). True when it opened with an error.
    private static bool OpensWithAnErrorOrRightValues(byte[] image, StoreModel[] acceptable, string what)
    {
        KeyValueStore? store = null;
        string? error = null;
        Assert.DoesNotThrow(() => store = KeyValueStore.Open(new RecordingDisk(SectorSize, Sectors, image), readOnly: true, out error), what);
        if (store is null)
        {
            Assert.That(error, Does.Contain("sector"), what);
            return true;
        }
        var differences = new List<string>();
        foreach (StoreModel model in acceptable)
        {
            string? difference = DifferenceAllowingNamedErrors(store, model);
            if (difference is null) return false;
            differences.Add(difference);
        }
        Assert.Fail($"{what}: {string.Join("; or ", differences)}");
        return false;
    }

    private static string? DifferenceAllowingNamedErrors(KeyValueStore store, StoreModel model)
    {
        byte[][] listed = store.List(Array.Empty<byte>());
        if (!listed.SequenceEqual(model.Keys, ByteArrayEquality.Instance)) return $"{listed.Length} keys listed, {model.Count} expected";
        foreach (byte[] key in model.Keys)
        {
            string? error = null;
            byte[]? value = null;
            Assert.DoesNotThrow(() => error = store.Get(key, out value));
            if (error is not null)
            {
                if (!error.Contains("sector")) return $"get {ByteKeys.Describe(key)}: an error naming no sector: {error}";
                continue;
            }
            if (value is null || !value.AsSpan().SequenceEqual(model.ValueOf(key))) return $"a wrong value for {ByteKeys.Describe(key)}";
        }
        return null;
    }

    [TestCase(true)]
    [TestCase(false)]
    public void RandomBitFlipsGiveAnErrorOrRightValues(bool closed)
    {
        FilledStore filled = Filled(151, closed);
        var random = new Random(42);
        for (int trial = 0; trial < 400; trial++)
        {
            byte[] damaged = (byte[])filled.Image.Clone();
            int sector = random.Next(filled.LogEnd + 8);
            int bit = random.Next(SectorSize * 8);
            damaged[sector * SectorSize + bit / 8] ^= (byte)(1 << bit % 8);
            OpensWithAnErrorOrRightValues(damaged, Acceptable(filled, closed, sector), $"bit {bit} of sector {sector}");
        }
    }

    // Every byte of every frame header and record is checked at open: with the
    // end known, a flip in any of them is an error.
    [Test]
    public void EveryBitFlipInTheFramesOfAClosedStoreIsFoundAtOpen()
    {
        FilledStore filled = Filled(156, close: true);
        var random = new Random(43);
        var written = new List<(int Start, int Length)>();
        for (int sector = (int)Superblock.FirstLogSector; sector < filled.LogEnd;)
        {
            Assert.That(FrameHeader.TryDecode(filled.Image.AsSpan(sector * SectorSize), out FrameHeader header, out _), Is.True);
            written.Add((sector * SectorSize, FrameHeader.Bytes + header.PayloadBytes));
            sector += FrameHeader.SectorsFor(header.PayloadBytes, SectorSize);
        }
        for (int trial = 0; trial < 300; trial++)
        {
            var (start, length) = written[random.Next(written.Count)];
            int bit = random.Next(length * 8);
            byte[] damaged = (byte[])filled.Image.Clone();
            damaged[start + bit / 8] ^= (byte)(1 << bit % 8);
            Assert.That(OpensWithAnErrorOrRightValues(damaged, new[] { filled.Model }, $"bit {bit} of the frame at byte {start}"), Is.True,
                $"bit {bit} of the frame at sector {start / SectorSize} is found");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void EveryZeroedSectorGivesAnErrorOrRightValues(bool closed)
    {
        FilledStore filled = Filled(152, closed);
        for (int sector = 0; sector < filled.LogEnd + 4; sector++)
        {
            byte[] damaged = (byte[])filled.Image.Clone();
            Array.Clear(damaged, sector * SectorSize, SectorSize);
            bool error = OpensWithAnErrorOrRightValues(damaged, Acceptable(filled, closed, sector), $"sector {sector} zeroed");
            if (closed && sector >= (int)Superblock.FirstLogSector && sector < filled.LogEnd && IsFrameStart(filled.Image, sector))
                Assert.That(error, Is.True, $"zeroing the frame at sector {sector} of a closed store is reported");
        }
    }

    private static bool IsFrameStart(byte[] image, int sector) => LittleEndian.Get32(image.AsSpan(sector * SectorSize), 0) == FrameHeader.Magic;

    [Test]
    public void AZeroedFrameInTheMiddleOfAnUnclosedLogIsFoundByTheFramesAfterIt()
    {
        byte[] image = Filled(153, close: false).Image;
        int frame = Enumerable.Range(2, 40).Where(s => IsFrameStart(image, s)).ElementAt(10);
        Array.Clear(image, frame * SectorSize, SectorSize);
        Assert.That(KeyValueStore.Open(new RecordingDisk(SectorSize, Sectors, image), readOnly: true, out string? error), Is.Null);
        Assert.That(error, Does.StartWith($"the log breaks at sector {frame} (no frame at sector {frame}) but frame ").And.EndWith("acknowledged data is damaged"));
    }

    [Test]
    public void AZeroedLastFrameOfAClosedStoreIsDamageNotATornTail()
    {
        var (image, _, _, _, logEnd) = Filled(154, close: true);
        int last = Enumerable.Range(2, logEnd - 2).Last(s => IsFrameStart(image, s));
        Array.Clear(image, last * SectorSize, SectorSize);
        Assert.That(KeyValueStore.Open(new RecordingDisk(SectorSize, Sectors, image), readOnly: true, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo($"the log breaks at sector {last} (no frame at sector {last}) before its known end at sector {logEnd}: acknowledged data is damaged"));
    }

    [Test]
    public void AHeaderClaimingMoreThanTheDiskIsAnErrorNamingItsSector()
    {
        var disk = new RecordingDisk(SectorSize, 64);
        KeyValueStore store = KeyValueStore.Format(disk, 9, out _)!;
        store.Put(Bytes("a"), Bytes("1"));
        store.Put(Bytes("b"), Bytes("2"));
        // Frame 2 at sector 3 rewritten, checksum and all, to claim 100 sectors of records.
        disk.Damage(3, sector =>
        {
            Assert.That(FrameHeader.TryDecode(sector, out FrameHeader header, out _), Is.True);
            header.PayloadBytes = 100 * SectorSize;
            header.RecordCount = 1;
            header.Encode(sector);
        });
        Assert.That(KeyValueStore.Open(disk, readOnly: true, out string? error), Is.Null);
        Assert.That(error, Is.EqualTo("frame 2 at sector 3: claims 101 sectors, past the log's end at sector 64"));

        disk.Damage(3, sector =>
        {
            FrameHeader.TryDecode(sector, out FrameHeader header, out _);
            header.PayloadBytes = int.MaxValue;
            header.Encode(sector);
        });
        Assert.That(KeyValueStore.Open(disk, readOnly: true, out error), Is.Null);
        Assert.That(error, Does.StartWith("frame 2 at sector 3: claims 2147483647 bytes of records, more than a frame holds"));
    }

    [Test]
    public void DamageAfterOpenMakesGetFailNamingTheSectorNeverReturnAWrongValue()
    {
        var disk = new RecordingDisk(SectorSize, 64);
        KeyValueStore store = KeyValueStore.Format(disk, 9, out _)!;
        store.ValueCacheLimitBytes = 0;
        store.Put(Bytes("a"), Enumerable.Repeat((byte)'x', 100).ToArray());
        disk.Damage(2, sector => sector[150] ^= 4); // inside the value: the record is bytes 64..176
        Assert.That(store.Get(Bytes("a"), out byte[]? value), Is.EqualTo("the record of a (frame 1 at sector 2, byte 64) is damaged: checksum mismatch"));
        Assert.That(value, Is.Null);
    }

    [Test]
    public void DamageUnderACachedValueIsFoundByReadingTheDeviceAndTheCacheAnswersWithTheAcknowledgedValue()
    {
        var disk = new RecordingDisk(SectorSize, 64);
        KeyValueStore store = KeyValueStore.Format(disk, 9, out _)!;
        byte[] acknowledged = Enumerable.Repeat((byte)'x', 100).ToArray();
        store.Put(Bytes("a"), acknowledged);
        Assert.That(store.ValueCacheBytes, Is.EqualTo(100), "a written value is cached");
        disk.Damage(2, sector => sector[150] ^= 4);

        Assert.That(store.Get(Bytes("a"), out byte[]? cached), Is.Null);
        Assert.That(cached, Is.EqualTo(acknowledged), "the value acknowledged, never the damaged one");
        Assert.That(store.GetFromDevice(Bytes("a"), out byte[]? read), Is.EqualTo("the record of a (frame 1 at sector 2, byte 64) is damaged: checksum mismatch"));
        Assert.That(read, Is.Null);
    }

    [Test]
    public void OneDamagedSuperblockFallsBackToTheOtherAndTheNextOpenRewritesIt()
    {
        var (image, model, _, _, _) = Filled(155, close: true);
        foreach (int sector in new[] { 0, 1 })
        {
            byte[] damaged = (byte[])image.Clone();
            damaged[sector * SectorSize + 30] ^= 1;
            var disk = new RecordingDisk(SectorSize, Sectors, damaged);
            KeyValueStore store = KeyValueStore.Open(disk, readOnly: false, out string? error)!;
            Assert.That(error, Is.Null, $"superblock {sector} damaged");
            Assert.That(model.DifferenceFrom(store), Is.Null);
            byte[] after = disk.DurableImage();
            for (int copy = 0; copy < 2; copy++)
                Assert.That(Superblock.Decode(after.AsSpan(copy * SectorSize, SectorSize), SectorSize, Sectors, out _), Is.Not.Null, $"copy {copy} after the open");
        }
    }

    // Epochs never go down along the log: a frame written by an earlier session
    // (here: the last frame, given the format's epoch, below the first frame's, and its checksum made right) does
    // not continue the log of a later one, even with the right sequence and chain.
    [Test]
    public void AFrameOfAnEarlierEpochDoesNotContinueALaterOnesLog()
    {
        var disk = new RecordingDisk(SectorSize, 64);
        KeyValueStore store = KeyValueStore.Format(disk, 11, out _)!;
        store.Put(Bytes("a"), Bytes("1"));
        store = KeyValueStore.Open(disk, readOnly: false, out _)!;
        store.Put(Bytes("b"), Bytes("2"));
        disk.Damage(3, sector =>
        {
            Assert.That(FrameHeader.TryDecode(sector, out FrameHeader header, out _), Is.True);
            header.Epoch = 1;
            header.Encode(sector);
        });
        KeyValueStore reopened = KeyValueStore.Open(disk, readOnly: true, out string? error)!;
        Assert.That(error, Is.Null);
        Assert.That(reopened.List(Array.Empty<byte>()), Is.EqualTo(new[] { Bytes("a") }));
        Assert.That(reopened.ReplayStop, Is.EqualTo("the frame at sector 3 (sequence 2) does not continue the log"));
    }
}
