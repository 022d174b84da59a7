using System.Runtime.InteropServices;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;

namespace Zos.Tests.Host.Capabilities;

// The kernel's lending of managed memory. Only TryLend runs on the host (the
// frame paths disable interrupts); this process's addresses stand in for the
// kernel's identity-mapped ones, and the array is pinned as the kernel's never move.
public class FrameDmaMemoryTests
{
    private const int Offset = 16, Length = 32;

    [Test]
    public void ALoanIsWhereTheArraysElementLiesAndMayEndExactlyAtTheLimit()
    {
        byte[] array = GC.AllocateArray<byte>(64, pinned: true);
        ulong element = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(array, Offset);
        var memory = new FrameDmaMemory(new FrameAllocator(new ulong[1]));

        Assert.That(memory.TryLend(array, Offset, Length, element + Length, out ulong physical, out ulong device), Is.True);
        Assert.That((physical, device), Is.EqualTo((element, element)));
    }

    [Test]
    public void ALoanReachingOneByteBeyondTheLimitIsRefusedWithNoAddress()
    {
        byte[] array = GC.AllocateArray<byte>(64, pinned: true);
        ulong element = (ulong)Marshal.UnsafeAddrOfPinnedArrayElement(array, Offset);
        var memory = new FrameDmaMemory(new FrameAllocator(new ulong[1]));

        Assert.That(memory.TryLend(array, Offset, Length, element + Length - 1, out ulong physical, out ulong device), Is.False);
        Assert.That((physical, device), Is.EqualTo((0UL, 0UL)));
    }
}
