using NUnit.Framework;
using Zos.Hal.Memory;

namespace Zos.Tests.Host;

public class FrameAllocatorTests
{
    private const ulong Frame = FrameAllocator.FrameSize;

    private static FrameAllocator Create(ulong endAddress) =>
        new(new ulong[FrameAllocator.BitmapWords(endAddress)]);

    private static void AssertConsistent(FrameAllocator allocator) =>
        Assert.That(allocator.FreeFrames + allocator.UsedFrames, Is.EqualTo(allocator.TotalFrames));

    [Test]
    public void StartsWithEveryFrameReserved()
    {
        var allocator = Create(64 * Frame);

        Assert.That(allocator.TotalFrames, Is.EqualTo(64));
        Assert.That(allocator.FreeFrames, Is.EqualTo(0));
        Assert.That(allocator.UsedFrames, Is.EqualTo(64));
        Assert.That(allocator.TryAllocate(out _), Is.False);
    }

    [Test]
    public void SizesBitmapForTheEndAddress()
    {
        Assert.That(FrameAllocator.BitmapWords(0), Is.EqualTo(0));
        Assert.That(FrameAllocator.BitmapWords(1), Is.EqualTo(1));
        Assert.That(FrameAllocator.BitmapWords(64 * Frame), Is.EqualTo(1));
        Assert.That(FrameAllocator.BitmapWords(64 * Frame + 1), Is.EqualTo(2));
        Assert.That(FrameAllocator.BitmapWords(0x7fe0000), Is.EqualTo(512));
    }

    [Test]
    public void OverwritesWhateverTheBitmapHeld()
    {
        var bitmap = new ulong[2];
        var allocator = new FrameAllocator(bitmap);

        Assert.That(bitmap, Is.All.EqualTo(ulong.MaxValue));
        Assert.That(allocator.FreeFrames, Is.EqualTo(0));
    }

    [Test]
    public void AllocatesEverythingThenFails()
    {
        var allocator = Create(200 * Frame);
        allocator.MarkFree(0, 200 * Frame);
        Assert.That(allocator.FreeFrames, Is.EqualTo(199), "frame 0 stays reserved");

        var seen = new HashSet<ulong>();
        while (allocator.TryAllocate(out ulong address))
        {
            Assert.That(address % Frame, Is.EqualTo(0));
            Assert.That(address, Is.Not.EqualTo(0));
            Assert.That(seen.Add(address), Is.True, $"0x{address:x} handed out twice");
        }

        Assert.That(seen, Has.Count.EqualTo(199));
        Assert.That(allocator.FreeFrames, Is.EqualTo(0));
        Assert.That(allocator.TryAllocate(out ulong none), Is.False);
        Assert.That(none, Is.EqualTo(0));
        Assert.That(allocator.TryAllocateContiguous(1, 0, out _), Is.False);
    }

    [Test]
    public void FreedFrameIsAllocatedAgain()
    {
        var allocator = Create(128 * Frame);
        allocator.MarkFree(0, 128 * Frame);
        while (allocator.TryAllocate(out _)) { }

        Assert.That(allocator.Free(70 * Frame), Is.True);
        Assert.That(allocator.FreeFrames, Is.EqualTo(1));
        Assert.That(allocator.TryAllocate(out ulong again), Is.True);
        Assert.That(again, Is.EqualTo(70 * Frame));
        Assert.That(allocator.TryAllocate(out _), Is.False);
    }

    [Test]
    public void AllocatesLowestFreeFrameFirst()
    {
        var allocator = Create(256 * Frame);
        allocator.MarkFree(0, 256 * Frame);
        for (int i = 0; i < 100; i++) allocator.TryAllocate(out _);

        allocator.Free(5 * Frame);
        allocator.Free(90 * Frame);

        Assert.That(allocator.TryAllocate(out ulong first), Is.True);
        Assert.That(first, Is.EqualTo(5 * Frame));
        Assert.That(allocator.TryAllocate(out ulong second), Is.True);
        Assert.That(second, Is.EqualTo(90 * Frame));
    }

    [Test]
    public void NeverHandsOutFrameZero()
    {
        var allocator = Create(64 * Frame);
        allocator.MarkFree(0, Frame);
        Assert.That(allocator.FreeFrames, Is.EqualTo(0));
        Assert.That(allocator.TryAllocate(out _), Is.False);

        Assert.That(allocator.Free(0), Is.False);
        Assert.That(allocator.TryAllocate(out _), Is.False);
        Assert.That(allocator.TryAllocateContiguous(1, 0, out _), Is.False);
    }

    [Test]
    public void MarkFreeTakesOnlyWholeFramesInsideTheRange()
    {
        var allocator = Create(64 * Frame);
        allocator.MarkFree(Frame + 1, 3 * Frame);   // frames 2 and 3 whole, 1 and 4 partial

        Assert.That(allocator.FreeFrames, Is.EqualTo(2));
        Assert.That(allocator.IsFree(Frame), Is.False);
        Assert.That(allocator.IsFree(2 * Frame), Is.True);
        Assert.That(allocator.IsFree(3 * Frame), Is.True);
        Assert.That(allocator.IsFree(4 * Frame), Is.False);
    }

    [Test]
    public void MarkUsedTakesEveryFrameTheRangeTouches()
    {
        var allocator = Create(64 * Frame);
        allocator.MarkFree(0, 64 * Frame);
        allocator.MarkUsed(2 * Frame - 1, 2);   // last byte of frame 1, first of frame 2

        Assert.That(allocator.FreeFrames, Is.EqualTo(61));
        Assert.That(allocator.IsFree(Frame), Is.False);
        Assert.That(allocator.IsFree(2 * Frame), Is.False);
        Assert.That(allocator.IsFree(3 * Frame), Is.True);
        AssertConsistent(allocator);
    }

    [Test]
    public void MarkingTwiceCountsOnce()
    {
        var allocator = Create(128 * Frame);
        allocator.MarkFree(0, 100 * Frame);
        allocator.MarkFree(50 * Frame, 50 * Frame);
        Assert.That(allocator.FreeFrames, Is.EqualTo(99));

        allocator.MarkUsed(10 * Frame, 20 * Frame);
        allocator.MarkUsed(20 * Frame, 20 * Frame);
        Assert.That(allocator.FreeFrames, Is.EqualTo(69));
        AssertConsistent(allocator);
    }

    [Test]
    public void RangesBeyondTheBitmapAreClipped()
    {
        var allocator = Create(64 * Frame);
        allocator.MarkFree(32 * Frame, ulong.MaxValue);
        Assert.That(allocator.FreeFrames, Is.EqualTo(32));

        allocator.MarkUsed(60 * Frame, ulong.MaxValue);
        Assert.That(allocator.FreeFrames, Is.EqualTo(28));
        allocator.MarkFree(1000 * Frame, 10 * Frame);
        allocator.MarkUsed(1000 * Frame, 10 * Frame);
        Assert.That(allocator.FreeFrames, Is.EqualTo(28));
        allocator.MarkUsed(40 * Frame, 0);
        Assert.That(allocator.FreeFrames, Is.EqualTo(28));
    }

    [Test]
    public void FollowsATypicalQemuMemoryMap()
    {
        var allocator = Create(0x7fe0000);
        allocator.MarkFree(0x0, 0x9fc00);
        allocator.MarkFree(0x100000, 0x7ee0000);
        allocator.MarkUsed(0x100000, 0x123456);   // kernel image

        ulong lowFrames = 0x9f - 1;               // frames 1..0x9e, the last partial one left out
        ulong highFrames = (0x7fe0000 - 0x100000) / Frame - 0x124;
        Assert.That(allocator.FreeFrames, Is.EqualTo(lowFrames + highFrames));
        Assert.That(allocator.IsFree(0x9f000), Is.False);
        Assert.That(allocator.IsFree(0x223000), Is.False);
        Assert.That(allocator.IsFree(0x224000), Is.True);
        AssertConsistent(allocator);
    }

    [Test]
    public void DetectsDoubleFree()
    {
        var allocator = Create(64 * Frame);
        allocator.MarkFree(0, 64 * Frame);
        allocator.TryAllocate(out ulong address);

        Assert.That(allocator.Free(address), Is.True);
        ulong free = allocator.FreeFrames;
        Assert.That(allocator.Free(address), Is.False);
        Assert.That(allocator.FreeFrames, Is.EqualTo(free));
    }

    [Test]
    public void RejectsFreeOfUnalignedOrOutsideAddresses()
    {
        var allocator = Create(64 * Frame);
        allocator.MarkFree(0, 64 * Frame);
        allocator.TryAllocate(out ulong address);
        ulong free = allocator.FreeFrames;

        Assert.That(allocator.Free(address + 8), Is.False);
        Assert.That(allocator.Free(64 * Frame), Is.False);
        Assert.That(allocator.Free(ulong.MaxValue & ~(Frame - 1)), Is.False);
        Assert.That(allocator.FreeFrames, Is.EqualTo(free));
        Assert.That(allocator.Free(address), Is.True);
    }

    [Test]
    public void AllocatesContiguousRun()
    {
        var allocator = Create(256 * Frame);
        allocator.MarkFree(0, 256 * Frame);
        allocator.MarkUsed(10 * Frame, Frame);

        Assert.That(allocator.TryAllocateContiguous(16, 0, out ulong address), Is.True);
        Assert.That(address, Is.EqualTo(11 * Frame), "frames 1..9 are too few, frame 10 is used");
        Assert.That(allocator.FreeFrames, Is.EqualTo(255 - 1 - 16));
        for (ulong f = 11; f < 27; f++) Assert.That(allocator.IsFree(f * Frame), Is.False);
        Assert.That(allocator.IsFree(27 * Frame), Is.True);

        Assert.That(allocator.TryAllocate(out ulong single), Is.True);
        Assert.That(single, Is.EqualTo(Frame), "the gap before the run is still used");
    }

    [Test]
    public void ContiguousRunHonoursAlignment()
    {
        var allocator = Create(1024 * Frame);
        allocator.MarkFree(0, 1024 * Frame);
        allocator.MarkUsed(130 * Frame, Frame);

        Assert.That(allocator.TryAllocateContiguous(4, 0x10000, out ulong a), Is.True);
        Assert.That(a, Is.EqualTo(0x10000));
        Assert.That(allocator.TryAllocateContiguous(200, 0x80000, out ulong b), Is.True);
        Assert.That(b % 0x80000, Is.EqualTo(0));
        Assert.That(b, Is.EqualTo(0x80000 * 2), "the run at 0x80000 would cover frame 130");
    }

    [Test]
    public void ContiguousRunAcrossWordBoundaries()
    {
        var allocator = Create(512 * Frame);
        allocator.MarkFree(60 * Frame, 200 * Frame);

        Assert.That(allocator.TryAllocateContiguous(200, Frame, out ulong address), Is.True);
        Assert.That(address, Is.EqualTo(60 * Frame));
        Assert.That(allocator.FreeFrames, Is.EqualTo(0));
    }

    [Test]
    public void RejectsImpossibleContiguousRequests()
    {
        var allocator = Create(128 * Frame);
        allocator.MarkFree(0, 128 * Frame);

        Assert.That(allocator.TryAllocateContiguous(0, 0, out _), Is.False);
        Assert.That(allocator.TryAllocateContiguous(-1, 0, out _), Is.False);
        Assert.That(allocator.TryAllocateContiguous(1, 3 * Frame, out _), Is.False, "alignment not a power of two");
        Assert.That(allocator.TryAllocateContiguous(128, 0, out _), Is.False, "frame 0 is never free");
        Assert.That(allocator.TryAllocateContiguous(1, 1UL << 63, out _), Is.False);
        Assert.That(allocator.FreeFrames, Is.EqualTo(127));
        Assert.That(allocator.TryAllocateContiguous(127, 0, out ulong all), Is.True);
        Assert.That(all, Is.EqualTo(Frame));
    }

    [Test]
    public void RandomizedStressKeepsFramesUniqueAndCountersConsistent()
    {
        const int frames = 4096;
        var random = new Random(1234);
        var allocator = Create(frames * Frame);
        allocator.MarkFree(0, frames * Frame);
        allocator.MarkUsed(1000 * Frame, 37 * Frame);
        ulong available = allocator.FreeFrames;
        var held = new HashSet<ulong>();
        var order = new List<ulong>();

        for (int step = 0; step < 50_000; step++)
        {
            int action = random.Next(10);
            if (action < 5)
            {
                if (allocator.TryAllocate(out ulong address))
                    Take(address);
                else
                    Assert.That(allocator.FreeFrames, Is.EqualTo(0));
            }
            else if (action < 6)
            {
                int count = random.Next(1, 20);
                ulong alignment = 1UL << random.Next(12, 18);
                if (allocator.TryAllocateContiguous(count, alignment, out ulong address))
                {
                    Assert.That(address % alignment, Is.EqualTo(0));
                    for (int i = 0; i < count; i++) Take(address + (ulong)i * Frame);
                }
            }
            else if (order.Count > 0)
            {
                int index = random.Next(order.Count);
                ulong address = order[index];
                order[index] = order[^1];
                order.RemoveAt(order.Count - 1);
                held.Remove(address);
                Assert.That(allocator.Free(address), Is.True);
                Assert.That(allocator.Free(address), Is.False, "double free must be refused");
            }

            Assert.That(allocator.FreeFrames, Is.EqualTo(available - (ulong)held.Count));
            AssertConsistent(allocator);
        }

        void Take(ulong address)
        {
            Assert.That(address, Is.Not.EqualTo(0));
            Assert.That(address / Frame, Is.Not.InRange(1000UL, 1036UL), "reserved frame handed out");
            Assert.That(held.Add(address), Is.True, $"0x{address:x} handed out twice");
            order.Add(address);
        }
    }
}
