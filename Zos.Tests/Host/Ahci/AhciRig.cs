using Zos.Drivers.Ahci;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Drivers;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Ahci;

// The engine over the simulated HBA through real capabilities: ABAR granted
// as an MmioRegion, port memory from a DmaPool, data in pool buffers or lent
// client arrays, all in simulated RAM the HBA reaches by device address.
public sealed class AhciRig
{
    public const ulong AbarBase = 0xFEB0_0000;
    public const int RamBytes = 16 << 20;
    public const int PrdEntries = 8;

    public AhciRig(uint cap = 0xC0141F05, uint portsImplemented = 0x3F, uint cap2 = 0, ulong abarBytes = SimulatedAhciHba.AbarBytes)
    {
        Memory.Place(SimulatedDmaMemory.RamBase, Ram);
        Hba = new SimulatedAhciHba(new SimulatedBusMemory(Memory), cap, portsImplemented, cap2: cap2);
        Memory.Map(AbarBase, abarBytes, Hba);
        DmaMemory = new SimulatedDmaMemory(RamBytes);
        Authority = new CapabilityAuthority(new SimulatedIoPorts(), Memory, DmaMemory, 8 << 20, auditCapacity: 8);
        Assert.That(Authority.DeclareMmio(AbarBase, abarBytes, MmioCaching.Uncached, out MmioRegion root), Is.Null);
        Assert.That(Authority.Grant(root, Driver, 0, abarBytes, CapabilityRights.ReadWrite, out MmioRegion abar), Is.Null);
        Abar = abar;
        Assert.That(Authority.GrantDmaPool(Driver, 8 << 20, CapabilityAuthority.Below4GiB, CapabilityRights.Allocate | CapabilityRights.ReadWrite,
            out DmaPool pool), Is.Null);
        Pool = pool;
        Delay = new SimulatedDelay(Hba.Advance);
        Engine = new AhciHba(Abar, Delay);
    }

    public SimulatedPhysicalMemory Memory { get; } = new() { Logging = false };
    public byte[] Ram { get; } = new byte[RamBytes];
    public SimulatedDmaMemory DmaMemory { get; }
    public CapabilityAuthority Authority { get; }
    public TestOwner Driver { get; } = new("ahci");
    public MmioRegion Abar { get; }
    public DmaPool Pool { get; }
    public SimulatedAhciHba Hba { get; }
    public SimulatedDelay Delay { get; }
    public AhciHba Engine { get; }

    public SimulatedSataDisk AttachDisk(int port, ulong sectors = 16384, int sectorBytes = 512)
    {
        var disk = new SimulatedSataDisk(sectors, sectorBytes);
        Hba.Port(port).Attach(disk);
        return disk;
    }

    public DmaBuffer Allocate(int bytes)
    {
        Assert.That(Pool.Allocate(bytes, out DmaBuffer buffer), Is.Null);
        return buffer;
    }

    // A client's array lent for one request, placed where the simulated IOMMU says it lies.
    public DmaBuffer Lend(byte[] array, CapabilityRights deviceRights)
    {
        Memory.Place(DmaMemory.PhysicalAddressOf(array), array);
        Assert.That(Authority.Lend(Driver, array, 0, array.Length, deviceRights, CapabilityAuthority.Below4GiB, out DmaBuffer lent), Is.Null);
        return lent;
    }

    // BringUp (once), then the port's memory, FIS receive and the command engine.
    public AhciPort StartPort(int index, int slots = 32, int prdEntries = PrdEntries)
    {
        if (Engine.Capabilities is null) Assert.That(Engine.BringUp(), Is.Null);
        AhciPort port = Engine.Port(index);
        port.Attach(new AhciPortMemory(Allocate(AhciPortMemory.BytesFor(slots, prdEntries)), slots, prdEntries));
        Assert.That(port.Start(), Is.Null);
        return port;
    }

    public AtaIdentifyData Identify(AhciPort port)
    {
        DmaBuffer buffer = Allocate(512);
        Assert.That(port.ExecutePolled(0, AtaCommand.IdentifyDevice(), buffer.DeviceAddress, 512, 100)?.Message, Is.Null);
        var data = new byte[512];
        buffer.CopyTo(0, data);
        Assert.That(AtaIdentifyData.Parse(data, out AtaIdentifyData identify), Is.Null);
        return identify;
    }

    // Polls until every slot in `slots` is reaped (or the port halts); what completed, what failed.
    public (uint Completed, uint Failed, bool Halted) Drain(AhciPort port, uint slots)
    {
        uint completed = 0, failed = 0;
        for (int round = 0; round < 100 && (completed | failed) != slots; round++)
        {
            AhciPollResult result = port.Poll();
            completed |= result.Completed;
            failed |= result.Failed;
            if (result.Halted) return (completed, failed, true);
        }
        return (completed, failed, false);
    }

    public void AssertNoViolations()
    {
        Assert.That(Hba.Violations, Is.Empty, "HBA-level violations");
        foreach (SimulatedAhciPort? port in Hba.Ports)
            if (port is not null) Assert.That(port.Violations, Is.Empty, $"port {port.Index} violations");
        Assert.That(Hba.DroppedWrites, Is.EqualTo(0), "misaligned or narrow MMIO writes");
    }

    public static byte[] Pattern(int bytes, int seed)
    {
        var pattern = new byte[bytes];
        for (int i = 0; i < bytes; i++) pattern[i] = (byte)(i * 7 + seed * 31 + (i >> 9));
        return pattern;
    }
}
