using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Supervision;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;
using Zos.Tests.Host.Pci;

namespace Zos.Tests.Host.DeviceAccess;

// Which interrupt a driver gets and what the device is set to: MSI-X over MSI
// over INTx, one vector per MSI-X entry asked for, the recovery turning every
// source off at the device, and the next incarnation getting the same vectors.
public class DeviceInterruptsTests
{
    private const ulong BarAddress = 0xFEB0_0000, BarSize = 0x4000, TableOffset = 0x2000, PbaOffset = 0x3000;
    private const uint MessageAddress = 0xFEE0_0000 | (SimulatedInterruptRouting.ApicId << 12);
    private const CapabilityRights WaitAck = CapabilityRights.Wait | CapabilityRights.Acknowledge;
    private static readonly PciAddress Address = new(0, 0, 4, 0);

    private sealed class TestOwner() : CapabilityOwner("driver-under-test");

    private CapabilityAuthority _authority = null!;
    private SimulatedInterruptRouting _routing = null!;
    private SimulatedPhysicalMemory _memory = null!;
    private SimulatedFunction _function = null!;
    private PciFunctionInfo _info = null!;
    private DeviceResources _device = null!;
    private DeviceGrants _grants = null!;
    private TestOwner _owner = null!;

    [SetUp]
    public void CreateAuthority()
    {
        // BAR 0 as the device comes out of reset: MSI-X entries masked (their control words all ones, as is the rest).
        _memory = new SimulatedPhysicalMemory().Place(BarAddress, Enumerable.Repeat((byte)0xFF, (int)BarSize).ToArray());
        _authority = new CapabilityAuthority(new SimulatedIoPorts(), _memory, new SimulatedDmaMemory(1 << 16), 0, 32);
        _routing = new SimulatedInterruptRouting();
        _owner = new TestOwner();
    }

    // A function with INTx (line 11) and, as asked, MSI (64-bit, no masking) and
    // an MSI-X table of tableSize entries in BAR 0 after the registers.
    private static SimulatedFunction Function(bool msi, int msixEntries, byte pin = 1)
    {
        var function = new SimulatedFunction(0x1AF4, 0x1041).MemoryBar32(0, (uint)BarAddress, (uint)BarSize).Interrupt(11, pin);
        if (msi) function.Msi(0x50, is64Bit: true, masking: false);
        if (msixEntries > 0) function.MsiX(0x70, msixEntries, tableBar: 0, (uint)TableOffset, pbaBar: 0, (uint)PbaOffset);
        return function;
    }

    private void Declare(SimulatedFunction function)
    {
        _function = function;
        var pci = new SimulatedPciConfig().Add(Address, function);
        _info = PciFunctionInfo.Read(pci, Address);
        _device = DeviceResources.Declare(_authority, _info, new SimulatedPciFunction(), pci, _routing, _memory);
        _grants = new DeviceGrants(_authority, new DriverManifest("test", "Test.Driver", [PciMatch.Device(0x1AF4, 0x1041)],
            [new ResourceNeed(ResourceKind.Irq, -1, WaitAck, 0, 0, MmioCaching.Uncached),
             new ResourceNeed(ResourceKind.Mmio, 0, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached)]), _device, _owner);
    }

    private Irq Grant(int entry)
    {
        CapabilityDenial denial = _grants.RequestIrq(entry, WaitAck, out Irq irq);
        Assert.That(denial, Is.Null, denial?.ToString());
        return irq;
    }

    private ulong Entry(int entry) => BarAddress + TableOffset + (ulong)entry * PciMsiXTable.EntrySize;
    private bool EntryMasked(int entry) => (_memory.Peek(Entry(entry) + 12) & 1) != 0;
    private ushort MsiXControl => _function.Get16(0x72);
    private ushort MsiControl => _function.Get16(0x52);
    private PciCommandBits Command => (PciCommandBits)_function.Command;

    [Test]
    public void MsiXIsPreferredAndEntryZeroIsProgrammedToAVectorOfItsOwn()
    {
        Declare(Function(msi: true, msixEntries: 4));
        Irq irq = Grant(0);

        Assert.That((irq.Mode, irq.Number, irq.Entry), Is.EqualTo((IrqMode.MsiX, SimulatedInterruptRouting.FirstVector, 0)));
        Assert.That(irq.Describe(), Is.EqualTo("msi-x 0 vector 0x70 wait,acknowledge"));
        Assert.That((_memory.Peek(Entry(0)), _memory.Peek(Entry(0) + 4), _memory.Peek(Entry(0) + 8)), Is.EqualTo((MessageAddress, 0u, 0x70u)));
        Assert.That(EntryMasked(0), Is.False, "entry 0 is unmasked");
        Assert.That(MsiXControl & 0xC000, Is.EqualTo(0x8000), "MSI-X enabled, function not masked");
        Assert.That(MsiControl & 1, Is.Zero, "MSI stays off");
        Assert.That(Command & (PciCommandBits.InterruptDisable | PciCommandBits.BusMaster | PciCommandBits.MemoryDecode),
            Is.EqualTo(PciCommandBits.InterruptDisable | PciCommandBits.BusMaster | PciCommandBits.MemoryDecode),
            "INTx off; bus mastering on, since a message is a memory write; memory decode on for the table");
        Assert.That(_routing.Signals.Single().Connected, Is.True);
        Assert.That(_device.Interrupts.EntryCount, Is.EqualTo(4));
    }

    [Test]
    public void MsiIsPreferredOverTheLine()
    {
        Declare(Function(msi: true, msixEntries: 0));
        Irq irq = Grant(0);

        Assert.That(irq.Describe(), Is.EqualTo("msi vector 0x70 wait,acknowledge"));
        Assert.That((_function.Get32(0x54), _function.Get32(0x58), _function.Get16(0x5C)), Is.EqualTo((MessageAddress, 0u, (ushort)0x70)));
        Assert.That(MsiControl & 0x71, Is.EqualTo(1), "enabled, one vector");
        Assert.That(Command & (PciCommandBits.InterruptDisable | PciCommandBits.BusMaster),
            Is.EqualTo(PciCommandBits.InterruptDisable | PciCommandBits.BusMaster));
        Assert.That(_device.Interrupts.EntryCount, Is.EqualTo(1));
    }

    [Test]
    public void WithoutMessagesTheLineIsUsed()
    {
        Declare(Function(msi: false, msixEntries: 0));
        _function.CommandBits(PciCommandBits.InterruptDisable);
        Irq irq = Grant(0);

        Assert.That(irq.Describe(), Is.EqualTo("irq 11 wait,acknowledge"));
        Assert.That(Command & PciCommandBits.InterruptDisable, Is.EqualTo(PciCommandBits.None), "INTx enabled");
        Assert.That(Command & PciCommandBits.BusMaster, Is.EqualTo(PciCommandBits.None), "no bus mastering for a line");
    }

    [Test]
    public void LinesOnlyOrNoLocalApicFallsBackToTheLine()
    {
        Declare(Function(msi: true, msixEntries: 4));
        _device.Interrupts.LinesOnly = true;
        Assert.That(Grant(0).Mode, Is.EqualTo(IrqMode.Line));
        Assert.That((MsiXControl & 0x8000, MsiControl & 1), Is.EqualTo((0, 0)), "no message enabled");

        CreateAuthority();
        _routing.Messages = false;
        Declare(Function(msi: true, msixEntries: 4));
        Assert.That(Grant(0).Mode, Is.EqualTo(IrqMode.Line));
    }

    [Test]
    public void EachMsiXEntryAskedForGetsItsOwnVector()
    {
        Declare(Function(msi: false, msixEntries: 3));
        Irq[] irqs = [Grant(0), Grant(2), Grant(1)];

        Assert.That(irqs.Select(i => (i.Entry, i.Number)), Is.EqualTo(new[] { (0, 0x70), (2, 0x71), (1, 0x72) }));
        for (int entry = 0; entry < 3; entry++)
        {
            Assert.That(_memory.Peek(Entry(entry) + 8), Is.EqualTo((uint)irqs.Single(i => i.Entry == entry).Number));
            Assert.That(EntryMasked(entry), Is.False);
        }
    }

    [Test]
    public void AnEntryTheDeviceLacksIsDeniedWithTheReason()
    {
        Declare(Function(msi: false, msixEntries: 3));
        CapabilityDenial beyond = _grants.RequestIrq(3, WaitAck, out Irq none);
        CapabilityDenial negative = _grants.RequestIrq(-1, WaitAck, out _);
        Assert.That(none, Is.Null);
        Assert.That((beyond.Reason, beyond.Message),
            Is.EqualTo((DenialReason.OutsideResource, "interrupt entry 3 of 00:04.0 1af4:1041: its MSI-X table has entries 0-2")));
        Assert.That(negative.Reason, Is.EqualTo(DenialReason.OutsideResource));

        CreateAuthority();
        Declare(Function(msi: true, msixEntries: 0));
        Assert.That(_grants.RequestIrq(1, WaitAck, out _).Message,
            Is.EqualTo("interrupt entry 1 of 00:04.0 1af4:1041: it interrupts through one MSI vector, entry 0"));

        CreateAuthority();
        Declare(Function(msi: false, msixEntries: 0));
        Assert.That(_grants.RequestIrq(1, WaitAck, out _).Message,
            Is.EqualTo("interrupt entry 1 of 00:04.0 1af4:1041: it interrupts through its INTx line, entry 0"));
        Assert.That(_routing.Signals, Is.Empty, "nothing was set up for a denied entry");
        Assert.That(_owner.Denials, Is.EqualTo(1));
    }

    [Test]
    public void NoFreeVectorIsDeniedAsUnavailable()
    {
        Declare(Function(msi: false, msixEntries: 4));
        _routing.VectorsLeft = 1;
        Grant(0);
        CapabilityDenial denial = _grants.RequestIrq(1, WaitAck, out Irq irq);
        Assert.That((irq, denial.Reason, denial.Message),
            Is.EqualTo(((Irq?)null, DenialReason.Unavailable, "00:04.0 1af4:1041: no message vector is free")));
        Assert.That(EntryMasked(1), Is.True, "entry 1 was never unmasked");
    }

    [Test]
    public void RecoveryTurnsEveryMsiXEntryOffAndTheNextIncarnationGetsItsVectorBack()
    {
        Declare(Function(msi: false, msixEntries: 4));
        Irq first = Grant(0);
        Grant(2);
        _authority.RevokeAll(_owner);

        Assert.That(_device.Interrupts.Disable(), Is.Null);
        Assert.That(MsiXControl & 0x4000, Is.EqualTo(0x4000), "the function is masked");
        Assert.That((EntryMasked(0), EntryMasked(2)), Is.EqualTo((true, true)), "and so is each entry it used");
        Assert.That(Command & PciCommandBits.InterruptDisable, Is.EqualTo(PciCommandBits.InterruptDisable));
        Assert.That(_routing.Signals.Select(s => s.Connected), Is.All.False);

        _authority.BeginNewGeneration(_owner);
        Irq again = Grant(0);
        Assert.That((again.Number, again.IsValid, first.IsValid), Is.EqualTo((first.Number, true, false)), "same vector, a new capability");
        Assert.That(_routing.Signals, Has.Count.EqualTo(2), "no new vector was allocated");
        Assert.That((EntryMasked(0), EntryMasked(2), MsiXControl & 0xC000), Is.EqualTo((false, true, 0x8000)),
            "only what the new incarnation asked for is unmasked");
    }

    // The shell's `irqmode <driver> intx` after an incarnation on MSI-X: a function
    // whose MSI-X is enabled, even masked, never signals INTx.
    [Test]
    public void AnIncarnationOnTheLineAfterOneOnMsiXTurnsMsiXOff()
    {
        Declare(Function(msi: false, msixEntries: 4));
        Grant(0);
        _authority.RevokeAll(_owner);
        Assert.That(_device.Interrupts.Disable(), Is.Null);
        _authority.BeginNewGeneration(_owner);

        _device.Interrupts.LinesOnly = true;
        Assert.That(Grant(0).Mode, Is.EqualTo(IrqMode.Line));
        Assert.That(MsiXControl & 0x8000, Is.Zero, "MSI-X is off, so the function signals INTx");
        Assert.That(Command & PciCommandBits.InterruptDisable, Is.EqualTo(PciCommandBits.None), "INTx enabled");
    }

    [Test]
    public void RecoveryTurnsMsiOffAndTheWaitSeesNothingAfterwards()
    {
        Declare(Function(msi: true, msixEntries: 0));
        Grant(0);
        SimulatedIrqSignal signal = _routing.Signals.Single();
        Assert.That(_device.Interrupts.Disable(), Is.Null);

        Assert.That(MsiControl & 1, Is.Zero, "MSI disabled");
        Assert.That(Command & PciCommandBits.InterruptDisable, Is.EqualTo(PciCommandBits.InterruptDisable), "and INTx stays off");
        signal.Raise();
        Assert.That(signal.Wait(0), Is.False, "a disconnected signal wakes no one");
    }

    [Test]
    public void RecoveryReportsAnMsiThatStaysEnabled()
    {
        Declare(Function(msi: true, msixEntries: 0));
        Grant(0);
        _function.Writable[0x52] &= 0xFE;   // the enable bit is stuck
        Assert.That(_device.Interrupts.Disable(), Is.EqualTo("MSI of 00:04.0 1af4:1041 stays enabled"));
    }

    [Test]
    public void TheMsiXTableIsNeverInTheDriversMmioGrant()
    {
        Declare(Function(msi: false, msixEntries: 4));
        Assert.That(_grants.RequestMmio(0, CapabilityRights.ReadWrite, out MmioRegion registers), Is.Null);
        Assert.That((registers.PhysicalBase, registers.Size), Is.EqualTo((BarAddress, TableOffset)), "the BAR up to the table");

        CreateAuthority();
        var own = new SimulatedFunction(0x1AF4, 0x1041).MemoryBar32(1, (uint)BarAddress, 0x1000).MsiX(0x70, 2, tableBar: 1, 0, pbaBar: 1, 0x800);
        var pci = new SimulatedPciConfig().Add(Address, own);
        var device = DeviceResources.Declare(_authority, PciFunctionInfo.Read(pci, Address), new SimulatedPciFunction(), pci, _routing, _memory);
        var grants = new DeviceGrants(_authority, new DriverManifest("test", "Test.Driver", [PciMatch.Device(0x1AF4, 0x1041)],
            [new ResourceNeed(ResourceKind.Mmio, 1, CapabilityRights.Read, 0, 0, MmioCaching.Uncached)]), device, _owner);
        CapabilityDenial denial = grants.RequestMmio(1, CapabilityRights.Read, out MmioRegion table);
        Assert.That(table, Is.Null);
        Assert.That(denial.Message, Is.EqualTo("BAR 1 of 00:04.0 1af4:1041 starts with the MSI-X table or pending bits, which only the kernel programs"));
    }
}
