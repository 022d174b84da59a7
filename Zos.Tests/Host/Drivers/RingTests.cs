using Zos.Hal.Drivers;

namespace Zos.Tests.Host.Drivers;

public class RingTests
{
    [Test]
    public void IsFirstInFirstOutUpToItsCapacity()
    {
        var ring = new Ring<int>(4);

        Assert.That(ring.IsEmpty, Is.True);
        for (int i = 1; i <= 4; i++) Assert.That(ring.TryEnqueue(i), Is.True);
        Assert.That((ring.IsFull, ring.Count), Is.EqualTo((true, 4)));
        Assert.That(ring.TryEnqueue(5), Is.False, "a full ring refuses");
        for (int i = 1; i <= 4; i++)
        {
            Assert.That(ring.TryDequeue(out int value), Is.True);
            Assert.That(value, Is.EqualTo(i));
        }
        Assert.That(ring.TryDequeue(out int none), Is.False, "an empty ring refuses");
        Assert.That(none, Is.EqualTo(0));
    }

    [Test]
    public void WrapsAroundItsSlotsAndItsIndices()
    {
        var ring = new Ring<long>(4, int.MaxValue - 5);
        var seen = new List<long>();

        for (long next = 0; next < 20;)
        {
            while (ring.TryEnqueue(next)) next++;
            Assert.That(ring.Count, Is.EqualTo(4));
            for (int i = 0; i < 3; i++)
            {
                Assert.That(ring.TryDequeue(out long value), Is.True);
                seen.Add(value);
            }
        }
        while (ring.TryDequeue(out long rest)) seen.Add(rest);

        Assert.That(seen, Is.EqualTo(Enumerable.Range(0, seen.Count).Select(i => (long)i)));
        Assert.That(seen.Count, Is.GreaterThanOrEqualTo(20));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(-4)]
    public void CapacityMustBeAPowerOfTwo(int capacity) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ring<int>(capacity));

    [Test]
    public void OneProducerAndOneConsumerOnTwoThreadsLoseAndReorderNothing()
    {
        const int Items = 200_000;
        var ring = new Ring<int>(64);
        var producer = new Thread(() =>
        {
            for (int i = 0; i < Items; i++)
                while (!ring.TryEnqueue(i)) Thread.Yield();
        });
        producer.Start();
        int expected = 0;
        while (expected < Items)
        {
            if (!ring.TryDequeue(out int value)) continue;
            Assert.That(value, Is.EqualTo(expected));
            expected++;
        }
        producer.Join();
        Assert.That(ring.IsEmpty, Is.True);
    }
}
