using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

public class PciAddressTests
{
    [Test]
    public void PrintsLikeLspciWithTheSegmentOnlyWhenNotZero()
    {
        Assert.That(new PciAddress(0, 0x1a, 0x1f, 7).ToString(), Is.EqualTo("1a:1f.7"));
        Assert.That(new PciAddress(2, 0, 3, 0).ToString(), Is.EqualTo("0002:00:03.0"));
    }

    [Test]
    public void RejectsDevicesAbove31AndFunctionsAbove7()
    {
        Assert.That(() => new PciAddress(0, 0, 32, 0), Throws.ArgumentException.With.Message.Contains("device 32"));
        Assert.That(() => new PciAddress(0, 0, 0, 8), Throws.ArgumentException.With.Message.Contains("function 8"));
    }

    [Test]
    public void EqualityCoversEveryPart()
    {
        var address = new PciAddress(1, 2, 3, 4);
        Assert.That(address, Is.EqualTo(new PciAddress(1, 2, 3, 4)));
        Assert.That(address == new PciAddress(1, 2, 3, 4), Is.True);
        Assert.That(address != new PciAddress(0, 2, 3, 4) && address != new PciAddress(1, 0, 3, 4)
            && address != new PciAddress(1, 2, 0, 4) && address != address.WithFunction(5), Is.True);
    }
}
