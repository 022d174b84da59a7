using System.Buffers.Binary;
using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.VirtIO;

// A simulated virtio PCI function as a driver sees it: configuration space with
// its capability list, a memory BAR 4 with the modern structures and/or an I/O
// BAR 0 with the legacy header, all behind a capability authority, and a
// DriverContext that grants whole BARs the way the kernel does.
public sealed class TransportBench
{
    public const ulong ModernBarBase = 0xFE40_0000, ModernBarSize = 0x4000;
    public const int ModernBar = 4;
    public const ushort LegacyPortBase = 0xC040;
    public const byte MsiXAt = 0x98;
    private const byte VendorSpecific = 0x09, MsiXId = 0x11;
    // cfg_type of struct virtio_pci_cap (virtio 1.2, 4.1.4).
    public const byte CommonCfg = 1, NotifyCfg = 2, IsrCfg = 3, DeviceCfg = 4, PciCfg = 5;

    private readonly List<byte> _capabilities = new();

    public TransportBench(TransportSimulatedDevice device, ushort deviceId)
    {
        Device = device;
        Memory.Place(SimulatedDmaMemory.RamBase, new byte[1 << 16]);
        Authority = new CapabilityAuthority(Ports, Memory, new SimulatedDmaMemory(1 << 16), 0, 32) { ViolationHandler = new RecordingViolationHandler() };
        Context = new BenchContext(this);
        BinaryPrimitives.WriteUInt16LittleEndian(Pci.Space.AsSpan(0), 0x1AF4);
        BinaryPrimitives.WriteUInt16LittleEndian(Pci.Space.AsSpan(2), deviceId);
    }

    public TransportSimulatedDevice Device { get; }
    public SimulatedIoPorts Ports { get; } = new();
    public SimulatedPhysicalMemory Memory { get; } = new();
    public SimulatedPciFunction Pci { get; } = new();
    public CapabilityAuthority Authority { get; }
    public TestOwner Driver { get; } = new("virtio-test");
    public BenchContext Context { get; }
    public MmioRegion?[] MmioBars { get; } = new MmioRegion?[6];
    public IoPortRange?[] PortBars { get; } = new IoPortRange?[6];
    // What the driver asked its context for, in order ("pci", "mmio 4", "ports 0").
    public List<string> Requests { get; } = new();
    // The context refuses the configuration space.
    public bool DenyPci { get; set; }
    // What the context grants of a memory BAR, whatever the driver asks (null: what it asks).
    public CapabilityRights? MmioGrantRights { get; set; }

    // QEMU's layout for virtio-pci with both interfaces: the structures in BAR 4, MSI-X, and (transitional) BAR 0.
    public static TransportBench Modern(TransportSimulatedDevice device, ushort deviceId = 0x1042)
    {
        var bench = new TransportBench(device, deviceId).WithModernBar();
        bench.AddVirtio(0x40, CommonCfg, ModernBar, TransportModernRegisters.CommonAt, TransportModernRegisters.StructureBytes)
            .AddVirtio(0x50, IsrCfg, ModernBar, TransportModernRegisters.IsrAt, TransportModernRegisters.StructureBytes)
            .AddVirtio(0x60, DeviceCfg, ModernBar, TransportModernRegisters.DeviceAt, TransportModernRegisters.StructureBytes)
            .AddVirtio(0x70, NotifyCfg, ModernBar, TransportModernRegisters.NotifyAt, TransportModernRegisters.StructureBytes,
                TransportModernRegisters.NotifyMultiplier)
            .AddVirtio(0x84, PciCfg, 0, 0, 0, length: 20)
            .AddMsiX();
        return bench;
    }

    public static TransportBench Legacy(TransportSimulatedDevice device, ushort deviceId = 0x1001) =>
        new TransportBench(device, deviceId).WithLegacyBar().AddMsiX();

    public bool MsiXEnabled
    {
        get => (Pci.Space[MsiXAt + 3] & 0x80) != 0;
        set => Pci.Space[MsiXAt + 3] = (byte)(value ? 0x80 : 0);
    }

    public TransportBench WithModernBar()
    {
        Memory.Map(ModernBarBase, ModernBarSize, new TransportModernRegisters(Device));
        Assert.That(Authority.DeclareMmio(ModernBarBase, ModernBarSize, MmioCaching.Uncached, out MmioRegion bar), Is.Null);
        MmioBars[ModernBar] = bar;
        return this;
    }

    public TransportBench WithLegacyBar(int ports = TransportLegacyRegisters.Ports)
    {
        Assert.That(Authority.DeclareIoPorts(LegacyPortBase, ports, out IoPortRange bar), Is.Null);
        PortBars[0] = bar;
        Ports.Map(LegacyPortBase, ports, new TransportLegacyRegisters(Device, () => MsiXEnabled));
        return this;
    }

    // A vendor-specific capability at `at`, linked after the previous one.
    public TransportBench AddVirtio(byte at, byte type, int bar, ulong offset, ulong size, uint? notifyMultiplier = null, int? length = null)
    {
        Link(at, VendorSpecific);
        return ReplaceVirtio(at, type, bar, offset, size, notifyMultiplier, length);
    }

    // New fields for the vendor-specific capability at `at`, left where it is in the list.
    public TransportBench ReplaceVirtio(byte at, byte type, int bar, ulong offset, ulong size, uint? notifyMultiplier = null, int? length = null)
    {
        byte[] space = Pci.Space;
        space[at + 2] = (byte)(length ?? (notifyMultiplier is null ? 16 : 20));
        space[at + 3] = type;
        space[at + 4] = (byte)bar;
        BinaryPrimitives.WriteUInt32LittleEndian(space.AsSpan(at + 8), (uint)offset);
        BinaryPrimitives.WriteUInt32LittleEndian(space.AsSpan(at + 12), (uint)size);
        if (notifyMultiplier is uint multiplier) BinaryPrimitives.WriteUInt32LittleEndian(space.AsSpan(at + 16), multiplier);
        return this;
    }

    public TransportBench AddMsiX()
    {
        Link(MsiXAt, MsiXId);
        return this;
    }

    // Any other capability: its id and the 16-bit register after the next pointer.
    public TransportBench AddCapability(byte at, byte id, ushort register)
    {
        Link(at, id);
        BinaryPrimitives.WriteUInt16LittleEndian(Pci.Space.AsSpan(at + 2), register);
        return this;
    }

    // Points the last capability's next (or the list head) at `at`.
    public void LinkTo(byte from, byte at) => Pci.Space[from + 1] = at;

    public VirtioTransport Open()
    {
        string? error = VirtioPciTransports.Open(Context, out VirtioTransport transport);
        Assert.That(error, Is.Null);
        return transport;
    }

    public string OpenError()
    {
        string? error = VirtioPciTransports.Open(Context, out VirtioTransport transport);
        Assert.That(transport, Is.Null);
        Assert.That(error, Is.Not.Null);
        return error!;
    }

    private void Link(byte at, byte id)
    {
        byte[] space = Pci.Space;
        space[0x06] |= 0x10;   // status: capability list
        if (_capabilities.Count == 0) space[0x34] = at;
        else space[_capabilities[^1] + 1] = at;
        space[at] = id;
        space[at + 1] = 0;
        _capabilities.Add(at);
    }

    // Grants whole BARs and the configuration space, as the kernel's DeviceGrants does for a manifest declaring them.
    public sealed class BenchContext(TransportBench bench) : DriverContext
    {
        public override string DeviceName => "00:04.0 1af4:" + BinaryPrimitives.ReadUInt16LittleEndian(bench.Pci.Space.AsSpan(2)).ToString("x4");
        public override bool StopRequested => false;
        public override InjectedFault TakeInjectedFault() => InjectedFault.None;

        public override CapabilityDenial RequestIoPorts(int bar, CapabilityRights rights, out IoPortRange ports)
        {
            bench.Requests.Add("ports " + bar);
            ports = null!;
            IoPortRange? root = bench.PortBars[bar];
            return root is null ? Deny("BAR " + bar + " is not an I/O BAR") : bench.Authority.Grant(root, bench.Driver, 0, root.Length, rights, out ports);
        }

        public override CapabilityDenial RequestMmio(int bar, CapabilityRights rights, out MmioRegion region)
        {
            bench.Requests.Add("mmio " + bar);
            region = null!;
            MmioRegion? root = bench.MmioBars[bar];
            return root is null ? Deny("BAR " + bar + " is not a memory BAR")
                : bench.Authority.Grant(root, bench.Driver, 0, root.Size, bench.MmioGrantRights ?? rights, out region);
        }

        public override CapabilityDenial RequestPciFunction(CapabilityRights rights, out PciFunctionCapability function)
        {
            bench.Requests.Add("pci");
            function = null!;
            if (bench.DenyPci) return Deny("no configuration space for this driver");
            return bench.Authority.Grant(bench.Authority.DeclarePciFunction(bench.Pci), bench.Driver, rights, out function);
        }

        public override CapabilityDenial RequestFixedIoPorts(ushort firstPort, int count, CapabilityRights rights, out IoPortRange ports) =>
            throw new AssertionException("the transport asked for fixed ports");
        public override CapabilityDenial RequestIsaIrq(int irq, CapabilityRights rights, out Irq interrupt) =>
            throw new AssertionException("the transport asked for an ISA IRQ");
        public override CapabilityDenial RequestIrq(int entry, CapabilityRights rights, out Irq irq) => throw new AssertionException("the transport asked for an IRQ");
        public override int IrqEntryCount => throw new AssertionException("the transport asked for an IRQ");

        public override CapabilityDenial RequestDmaPool(ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool pool) =>
            throw new AssertionException("the transport asked for DMA memory");

        public override void Heartbeat() { }
        public override void Sleep(int milliseconds) => throw new AssertionException("the transport slept");
        public override ulong NowMilliseconds => throw new AssertionException("the transport read the clock");
        public override void ReportProgress(string status) { }
        public override void Fail(string reason) => throw new AssertionException("the transport failed the driver: " + reason);

        private CapabilityDenial Deny(string message) => bench.Authority.Deny(bench.Driver, null, DenialReason.NotPermitted, message);
    }
}
