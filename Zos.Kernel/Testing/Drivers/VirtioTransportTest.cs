using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Pci;
using Zos.Kernel.Drivers;
using Zos.Kernel.Memory;
using Zos.Kernel.Platform;

namespace Zos.Kernel.Testing.Drivers
{
    // A virtio PCI transport on QEMU's virtio-blk, reached only through the
    // capabilities the kernel's grant policy gives for a virtio manifest: the
    // transport the device offers is the one opened, the status handshake runs
    // through FEATURES_OK, and the capacity in the device configuration is the
    // size of the disk image the host attached. The suite boots with a modern
    // (disable-legacy=on, 1af4:1042) and a legacy (disable-modern=on, 1af4:1001)
    // virtio-blk-pci of the sizes below.
    public sealed class VirtioTransportTest : KernelTest
    {
        public const ushort ModernBlockDevice = 0x1042, TransitionalBlockDevice = 0x1001;
        public const ulong ModernDiskBytes = 1 << 20, LegacyDiskBytes = 2 << 20;
        private const ulong SectorBytes = 512;
        // virtio-blk's configuration starts with the capacity in sectors.
        private const int CapacityOffset = 0;

        private readonly ushort _deviceId;
        private readonly string _kind;
        private readonly ulong _diskBytes;

        private VirtioTransportTest(ushort deviceId, string kind, ulong diskBytes)
        {
            _deviceId = deviceId;
            _kind = kind;
            _diskBytes = diskBytes;
        }

        public static VirtioTransportTest Modern() => new(ModernBlockDevice, "modern", ModernDiskBytes);
        public static VirtioTransportTest Legacy() => new(TransitionalBlockDevice, "legacy", LegacyDiskBytes);

        public override string Name => "virtio." + _kind + "_transport";

        private sealed class TestOwner : CapabilityOwner
        {
            public TestOwner() : base("virtio-transport-test") { }
        }

        public override string Run()
        {
            PciFunctionInfo function = PciDevices.Find(VirtioPciLayout.VendorId, _deviceId);
            if (function is null) return "no virtio-blk 1af4:" + _deviceId.ToString("x4") + " was enumerated";
            var authority = new CapabilityAuthority(new MachineHardware(IdentityMappedMemory.MappedStart, IdentityMappedMemory.MappedEnd),
                new FrameDmaMemory(KernelMemory.Frames), 0, 16);
            DeviceResources device = DeviceResources.Declare(authority, function, new PciFunctionConfig(PciDevices.Config, function.Address),
                null, "not needed to reach the transport");
            var manifest = new DriverManifest("virtio-transport-test", "Zos.Kernel.Testing.Drivers.VirtioTransportTest",
                [PciMatch.Device(VirtioPciLayout.VendorId, _deviceId)],
                [
                    new ResourceNeed(ResourceKind.PciConfig, -1, CapabilityRights.Read, 0, 0, MmioCaching.Uncached),
                    new ResourceNeed(ResourceKind.IoPorts, VirtioPciTransports.LegacyBar, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached),
                    new ResourceNeed(ResourceKind.Mmio, 4, CapabilityRights.ReadWrite, 0, 0, MmioCaching.Uncached),
                ]);
            var context = new GrantingDriverContext(new DeviceGrants(authority, manifest, device, new TestOwner()), device);
            try
            {
                string error = VirtioPciTransports.Open(context, out VirtioTransport transport);
                if (error is not null) return error;
                if (transport.Kind != _kind) return device.Name + " opened the " + transport.Kind + " transport";
                string result = Handshake(transport);
                error = transport.Reset();
                return result ?? error;
            }
            catch (CapabilityViolationException violation)
            {
                return "capability violation: " + violation.Message;
            }
        }

        private string Handshake(VirtioTransport transport)
        {
            string error = transport.Reset();
            if (error is not null) return error;
            transport.AddStatus(VirtioDeviceStatus.Acknowledge);
            transport.AddStatus(VirtioDeviceStatus.Driver);
            ulong offered = transport.ReadDeviceFeatures();
            bool modern = _kind == "modern";
            if (modern != ((offered & VirtioFeature.Version1) != 0))
                return "the device offers features 0x" + offered.ToString("x") + " through the " + _kind + " interface";
            error = transport.AcceptFeatures(offered & VirtioFeature.Version1);
            if (error is not null) return error;
            VirtioDeviceStatus expected = VirtioDeviceStatus.Acknowledge | VirtioDeviceStatus.Driver | (modern ? VirtioDeviceStatus.FeaturesOk : 0);
            VirtioDeviceStatus status = transport.ReadStatus();
            if (status != expected) return "status 0x" + ((byte)status).ToString("x2") + " after the feature handshake, expected 0x" + ((byte)expected).ToString("x2");
            if (transport.QueueCount < 1 || transport.QueueMaxSize(0) == 0)
                return transport.QueueCount.ToString() + " queues, the first of size " + (transport.QueueCount < 1 ? 0 : transport.QueueMaxSize(0)).ToString();
            // Modern vectors exist whether or not MSI-X is on; the legacy ones only while it is (it is off here).
            ushort vector = transport.AssignConfigVector(0);
            if (vector != (modern ? (ushort)0 : VirtioTransport.NoVector)) return "configuration vector 0 read back as 0x" + vector.ToString("x");
            ulong capacity = transport.ReadConfig64(CapacityOffset);
            return Expect(capacity == _diskBytes / SectorBytes, "capacity " + capacity.ToString() + " sectors, the image has " + (_diskBytes / SectorBytes).ToString());
        }
    }
}
