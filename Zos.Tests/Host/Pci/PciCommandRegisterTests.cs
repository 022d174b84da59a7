using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

public class PciCommandRegisterTests
{
    private static readonly PciAddress Address = new(0, 0, 4, 0);

    [Test]
    public void EachHelperChangesOnlyItsBitAndNeverWritesStatus()
    {
        var function = new SimulatedFunction(0x1234, 0x11E8).CommandBits(PciCommandBits.MemoryDecode);
        function.Set16(PciRegisters.Status, 0x0010);
        var config = new SimulatedPciConfig().Add(Address, function);

        PciCommandRegister.EnableBusMaster(config, Address);
        Assert.That(PciCommandRegister.Read(config, Address), Is.EqualTo(PciCommandBits.MemoryDecode | PciCommandBits.BusMaster));
        PciCommandRegister.EnableIoDecode(config, Address);
        PciCommandRegister.DisableIntx(config, Address);
        Assert.That(function.Command, Is.EqualTo((ushort)(PciCommandBits.IoDecode | PciCommandBits.MemoryDecode | PciCommandBits.BusMaster | PciCommandBits.InterruptDisable)));
        PciCommandRegister.DisableMemoryDecode(config, Address);
        PciCommandRegister.DisableBusMaster(config, Address);
        Assert.That(function.Command, Is.EqualTo((ushort)(PciCommandBits.IoDecode | PciCommandBits.InterruptDisable)));
        PciCommandRegister.DisableIoDecode(config, Address);
        PciCommandRegister.EnableIntx(config, Address);
        PciCommandRegister.EnableMemoryDecode(config, Address);
        Assert.That(PciCommandRegister.Read(config, Address), Is.EqualTo(PciCommandBits.MemoryDecode));

        Assert.That(function.WrittenOffsets, Is.All.EqualTo(PciRegisters.Command));
        Assert.That(function.Get16(PciRegisters.Status), Is.EqualTo(0x0010));
    }
}
