using Zos.Hal.Memory;

namespace Zos.Tests.Host.Memory;

// Only refusals are tested on the host: an accepted read would dereference a
// physical address in this process.
public class IdentityMappedMemoryTests
{
    private static string Refusal(ulong address, int length)
    {
        Assert.That(IdentityMappedMemory.Instance.TryRead(address, length, out var bytes, out string error), Is.False);
        Assert.That(bytes.IsEmpty, Is.True);
        return error;
    }

    [Test]
    public void RefusesPageZero()
    {
        Assert.That(Refusal(0x40E, 2), Is.EqualTo("0x40e is in page 0, which is not mapped"));
    }

    [Test]
    public void RefusesAddressesAboveFourGib()
    {
        Assert.That(Refusal(0x1_2345_0000, 36), Is.EqualTo("0x123450000 + 36 bytes reaches above the 4 GiB the kernel maps"));
    }

    [Test]
    public void RefusesARangeCrossingFourGib()
    {
        Assert.That(Refusal(0xFFFF_FFF0, 36), Is.EqualTo("0xfffffff0 + 36 bytes reaches above the 4 GiB the kernel maps"));
    }

    [Test]
    public void RefusesARangeWhoseEndWouldOverflow()
    {
        Assert.That(Refusal(ulong.MaxValue - 4, 36), Is.EqualTo("0xfffffffffffffffb + 36 bytes reaches above the 4 GiB the kernel maps"));
    }

    [Test]
    public void RefusesANegativeLength()
    {
        Assert.That(Refusal(0x100000, -1), Is.EqualTo("negative length -1"));
    }
}
