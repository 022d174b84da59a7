using System.Buffers.Binary;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;

namespace Zos.Testing;

// One PCI function for a driver's host tests, granted to the driver the way Zos grants it: what the
// driver's manifest declares ([NeedsMmio], [NeedsIrq], [NeedsDma], ...) and the device has, through a real
// CapabilityAuthority, so every access is checked as in the kernel. The test places register models at
// the BARs (WithMmioBar, WithIoBar), raises the interrupt (Irq.Raise), reads what the device was given
// (Memory, Dma) and runs the driver: Start (Initialize then Probe), then Run steps of its own.
public sealed class SimulatedPciDevice
{
    private const int DmaRamBytes = 4 << 20;
    private readonly MmioRegion?[] _mmio = new MmioRegion?[DriverManifest.BarCount];
    private readonly IoPortRange?[] _ports = new IoPortRange?[DriverManifest.BarCount];
    private readonly Irq _irq;

    public SimulatedPciDevice(Type driverType, ushort vendorId, ushort deviceId)
    {
        Manifest = DriverManifest.FromAttributes(driverType.FullName!, driverType.GetCustomAttributes(false), out string error)
            ?? throw new ArgumentException(driverType.FullName + "'s manifest: " + error);
        BinaryPrimitives.WriteUInt16LittleEndian(Pci.Space.AsSpan(0), vendorId);
        BinaryPrimitives.WriteUInt16LittleEndian(Pci.Space.AsSpan(2), deviceId);
        Memory.Place(SimulatedDmaMemory.RamBase, new byte[DmaRamBytes]);
        Dma = new SimulatedDmaMemory(DmaRamBytes) { LendsManagedMemory = false };
        Authority = new CapabilityAuthority(Ports, Memory, Dma, DmaRamBytes, auditCapacity: 16);
        _irq = Authority.DeclareIrq(Irq);
        Irq.Connect();
        Driver = new Owner(Manifest.Name);
        Context = new SimulatedDriverContext(this);
    }

    public DriverManifest Manifest { get; }
    public SimulatedPhysicalMemory Memory { get; } = new();
    public SimulatedIoPorts Ports { get; } = new();
    public SimulatedPciFunction Pci { get; } = new();
    public SimulatedIrqSignal Irq { get; } = new(11);
    public SimulatedDmaMemory Dma { get; }
    public CapabilityAuthority Authority { get; }
    // The driver's side: what it holds, its denials and violations.
    public CapabilityOwner Driver { get; }
    public SimulatedDriverContext Context { get; }
    public string DeviceName => Pci.Address + " " + Pci.Read16(0).ToString("x4") + ":" + Pci.Read16(2).ToString("x4");

    // Registers at a memory BAR: `registers` answers every access to [address, address + size).
    public SimulatedPciDevice WithMmioBar(int bar, ulong address, ulong size, SimulatedRegisterFile registers)
    {
        Memory.Map(address, size, registers);
        string? error = Authority.DeclareMmio(address, size, MmioCaching.Uncached, out MmioRegion root)?.ToString();
        _mmio[bar] = root ?? throw new ArgumentException("BAR " + bar + ": " + error);
        return this;
    }

    // Registers at an I/O BAR of `count` ports from `port`.
    public SimulatedPciDevice WithIoBar(int bar, ushort port, int count, SimulatedRegisterFile registers)
    {
        Ports.Map(port, count, registers);
        string? error = Authority.DeclareIoPorts(port, count, out IoPortRange root)?.ToString();
        _ports[bar] = root ?? throw new ArgumentException("BAR " + bar + ": " + error);
        return this;
    }

    // Initialize, then Probe, as the kernel runs them; a driver that fails (Fail, or an exception) throws.
    public void Start(Driver driver)
    {
        driver.Initialize(Context);
        driver.Probe(Context);
    }

    internal CapabilityDenial Grant(int bar, CapabilityRights rights, out MmioRegion region)
    {
        region = null!;
        if (!Manifest.TryGetNeed(ResourceKind.Mmio, bar, out ResourceNeed need)) return Deny("BAR " + bar + " MMIO is not in the manifest");
        MmioRegion? root = _mmio[bar];
        if (root is null) return Deny("BAR " + bar + " is not a memory BAR of this device");
        return Authority.Grant(root, Driver, 0, root.Size, rights & need.Rights, out region);
    }

    internal CapabilityDenial Grant(int bar, CapabilityRights rights, out IoPortRange ports)
    {
        ports = null!;
        if (!Manifest.TryGetNeed(ResourceKind.IoPorts, bar, out ResourceNeed need)) return Deny("BAR " + bar + " ports are not in the manifest");
        IoPortRange? root = _ports[bar];
        if (root is null) return Deny("BAR " + bar + " is not an I/O BAR of this device");
        return Authority.Grant(root, Driver, 0, root.Length, rights & need.Rights, out ports);
    }

    internal CapabilityDenial Grant(CapabilityRights rights, out Irq irq)
    {
        irq = null!;
        if (!Manifest.TryGetNeed(ResourceKind.Irq, 0, out _)) return Deny("no interrupt in the manifest");
        return Authority.Grant(_irq, Driver, rights, out irq);
    }

    internal CapabilityDenial Grant(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool)
    {
        pool = null!;
        if (!Manifest.TryGetNeed(ResourceKind.Dma, 0, out ResourceNeed need)) return Deny("no DMA in the manifest");
        if (bytes > need.Bytes) return Deny(bytes + " DMA bytes asked, the manifest declares " + need.Bytes);
        return Authority.GrantDmaPool(Driver, bytes, deviceAddressLimit, rights, out pool);
    }

    internal CapabilityDenial Grant(CapabilityRights rights, out PciFunctionCapability function)
    {
        function = null!;
        if (!Manifest.TryGetNeed(ResourceKind.PciConfig, 0, out _)) return Deny("no PCI configuration space in the manifest");
        return Authority.Grant(Authority.DeclarePciFunction(Pci), Driver, rights, out function);
    }

    internal CapabilityDenial Deny(string message) => Authority.Deny(Driver, null, DenialReason.NotPermitted, message);

    private sealed class Owner(string name) : CapabilityOwner(name);
}
