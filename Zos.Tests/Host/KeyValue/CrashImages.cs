namespace Zos.Tests.Host.KeyValue;

// The images a power cut could leave on a RecordingDisk at this moment: the
// durable image plus any subset of the sectors written since the last flush,
// applied in any order (a sector written twice may end with either copy),
// some of them torn — the new bytes up to an arbitrary cut and the old ones
// after it, or garbage (a sector whose write was interrupted).
public static class CrashImages
{
    // Every subset when there are at most exhaustiveUpTo unflushed sectors, else
    // `samples` random ones; then `torn` more with at least one sector torn.
    public static IEnumerable<byte[]> Of(RecordingDisk disk, Random random, int exhaustiveUpTo = 5, int samples = 32, int torn = 8)
    {
        byte[] durable = disk.DurableImage();
        var writes = disk.Unflushed();
        int size = disk.SectorSize;
        if (writes.Count <= exhaustiveUpTo)
        {
            for (int mask = 0; mask < 1 << writes.Count; mask++)
                yield return Apply(durable, writes, size, Shuffled(Enumerable.Range(0, writes.Count).Where(i => (mask >> i & 1) != 0), random), random, tear: -1);
        }
        else
        {
            for (int sample = 0; sample < samples; sample++)
                yield return Apply(durable, writes, size, Shuffled(Enumerable.Range(0, writes.Count).Where(_ => random.Next(2) == 0), random), random, tear: -1);
        }
        if (writes.Count == 0) yield break;
        for (int sample = 0; sample < torn; sample++)
        {
            int[] chosen = Shuffled(Enumerable.Range(0, writes.Count).Where(_ => random.Next(2) == 0), random);
            int tear = random.Next(writes.Count);
            if (!chosen.Contains(tear)) chosen = chosen.Append(tear).ToArray();
            yield return Apply(durable, writes, size, chosen, random, tear);
        }
    }

    private static int[] Shuffled(IEnumerable<int> items, Random random) => items.OrderBy(_ => random.Next()).ToArray();

    private static byte[] Apply(byte[] durable, IReadOnlyList<RecordingDisk.SectorWrite> writes, int size, int[] order, Random random, int tear)
    {
        byte[] image = (byte[])durable.Clone();
        foreach (int index in order)
        {
            var write = writes[index];
            Span<byte> sector = image.AsSpan((int)((long)write.Sector * size), size);
            if (index != tear) { write.Data.CopyTo(sector); continue; }
            if (random.Next(3) == 0) random.NextBytes(sector);
            else write.Data.AsSpan(0, random.Next(1, size)).CopyTo(sector);
        }
        return image;
    }
}
