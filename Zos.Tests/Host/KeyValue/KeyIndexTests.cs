using Zos.Kernel.KeyValue;

namespace Zos.Tests.Host.KeyValue;

public class KeyIndexTests
{
    // Against SortedDictionary over many random sets, removes and prefix walks.
    [Test]
    public void AgreesWithASortedDictionaryOverRandomOperations()
    {
        var random = new Random(1990);
        var index = new KeyIndex();
        var model = new SortedDictionary<byte[], ulong>(Comparer<byte[]>.Create((a, b) => ByteKeys.Compare(a, b)));
        for (int step = 0; step < 20_000; step++)
        {
            var key = new byte[random.Next(0, 4)];
            for (int i = 0; i < key.Length; i++) key[i] = (byte)"ab\x00\xff"[random.Next(4)];
            switch (random.Next(3))
            {
                case 0:
                    index.Set(key, new RecordLocation { FrameSector = (ulong)step });
                    model[key] = (ulong)step;
                    break;
                case 1:
                    Assert.That(index.Remove(key), Is.EqualTo(model.Remove(key)), $"step {step}");
                    break;
                default:
                    bool found = index.TryGet(key, out RecordLocation location);
                    Assert.That(found, Is.EqualTo(model.TryGetValue(key, out ulong sector)), $"step {step}");
                    if (found) Assert.That(location.FrameSector, Is.EqualTo(sector));
                    Assert.That(index.KeysWithPrefix(key), Is.EqualTo(model.Keys.Where(k => ByteKeys.StartsWith(k, key)).ToArray()), $"step {step}");
                    break;
            }
            Assert.That(index.Count, Is.EqualTo(model.Count));
        }
    }
}
