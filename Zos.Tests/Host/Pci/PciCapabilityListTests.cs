using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

public class PciCapabilityListTests
{
    private static readonly PciAddress Address = new(0, 0, 4, 0);

    private static (PciCapability[] Capabilities, string Error, SimulatedPciConfig Config) Walk(SimulatedFunction function)
    {
        var config = new SimulatedPciConfig().Add(Address, function);
        var capabilities = PciCapabilityList.Walk(config, Address, PciRegisters.LayoutDevice, out string error);
        return (capabilities, error, config);
    }

    [Test]
    public void FollowsTheChainInOrder()
    {
        var (capabilities, error, _) = Walk(new SimulatedFunction(1, 2)
            .Capability(0x40, PciCapability.PowerManagementId)
            .Capability(0xA0, PciCapability.PciExpressId)
            .Capability(0x50, PciCapability.MsiId)
            .Capability(0xFC, PciCapability.VendorSpecificId));

        Assert.That(error, Is.Null);
        Assert.That(capabilities.Select(c => (c.Id, c.Offset)), Is.EqualTo(new (byte, byte)[] { (0x01, 0x40), (0x10, 0xA0), (0x05, 0x50), (0x09, 0xFC) }));
        Assert.That(PciCapabilityList.Find(capabilities, PciCapability.MsiId), Is.EqualTo(0x50));
        Assert.That(PciCapabilityList.Find(capabilities, PciCapability.MsiXId), Is.EqualTo(-1));
    }

    [Test]
    public void NoListWithoutTheStatusBitWhateverThePointerSays()
    {
        var function = new SimulatedFunction(1, 2).Capability(0x40, PciCapability.MsiId);
        function.Bytes[PciRegisters.Status] = 0;
        var (capabilities, error, _) = Walk(function);
        Assert.That(capabilities, Is.Empty);
        Assert.That(error, Is.Null);
    }

    [Test]
    public void MasksTheReservedLowPointerBits()
    {
        var function = new SimulatedFunction(1, 2).Capability(0x40, PciCapability.MsiId).Capability(0x60, PciCapability.MsiXId);
        function.Bytes[PciRegisters.CapabilitiesPointer] = 0x43;
        function.Bytes[0x41] = 0x62;
        var (capabilities, error, _) = Walk(function);
        Assert.That(error, Is.Null);
        Assert.That(capabilities.Select(c => c.Offset), Is.EqualTo(new byte[] { 0x40, 0x60 }));
    }

    [Test]
    public void ALoopEndsTheWalkWithAnErrorAfterEachEntryOnce()
    {
        var function = new SimulatedFunction(1, 2).Capability(0x40, PciCapability.MsiId).Capability(0x48, PciCapability.MsiXId).Capability(0x50, 0x09);
        function.Bytes[0x51] = 0x48;
        var (capabilities, error, _) = Walk(function);
        Assert.That(capabilities.Select(c => c.Offset), Is.EqualTo(new byte[] { 0x40, 0x48, 0x50 }));
        Assert.That(error, Is.EqualTo("capability list loops back to 0x48 after 3 entries"));
    }

    [Test]
    public void ASelfLoopAndThe48SlotWorstCaseAreBounded()
    {
        var selfLoop = new SimulatedFunction(1, 2).Capability(0x40, 0x09);
        selfLoop.Bytes[0x41] = 0x40;
        Assert.That(Walk(selfLoop).Error, Is.EqualTo("capability list loops back to 0x40 after 1 entries"));

        // Every dword slot from 0x40 to 0xFC in use, the last pointing back to the first.
        var full = new SimulatedFunction(1, 2);
        for (int offset = 0x40; offset <= 0xFC; offset += 4) full.Capability((byte)offset, 0x09);
        full.Bytes[0xFD] = 0x40;
        var (capabilities, error, config) = Walk(full);
        Assert.That(capabilities, Has.Length.EqualTo(48));
        Assert.That(error, Does.StartWith("capability list loops back to 0x40"));
        Assert.That(config.Accesses, Is.LessThan(2 + 2 * 49));
    }

    [Test]
    public void APointerIntoTheHeaderIsAnError()
    {
        var function = new SimulatedFunction(1, 2).Capability(0x40, PciCapability.MsiId);
        function.Bytes[0x41] = 0x10;
        var (capabilities, error, _) = Walk(function);
        Assert.That(capabilities, Has.Length.EqualTo(1));
        Assert.That(error, Is.EqualTo("capability pointer 0x10 points into the header (capabilities start at 0x40)"));
    }

    [Test]
    public void CardBusBridgesKeepThePointerAt0x14()
    {
        var function = new SimulatedFunction(1, 2).HeaderType(PciRegisters.LayoutCardBusBridge);
        function.Bytes[PciRegisters.Status] = (byte)PciRegisters.StatusCapabilitiesList;
        function.Bytes[PciRegisters.CardBusCapabilitiesPointer] = 0x80;
        function.Bytes[0x80] = PciCapability.PowerManagementId;
        var config = new SimulatedPciConfig().Add(Address, function);
        var capabilities = PciCapabilityList.Walk(config, Address, PciRegisters.LayoutCardBusBridge, out string error);
        Assert.That(error, Is.Null);
        Assert.That(capabilities.Select(c => (c.Id, c.Offset)), Is.EqualTo(new (byte, byte)[] { (0x01, 0x80) }));
    }
}
