using Zos.Hal.Capabilities;

namespace Zos.Drivers.VirtIO
{
    // What a virtio PCI function's configuration space says about it (virtio
    // 1.2, 4.1.2 and 4.1.4): its device id, the first usable vendor-specific
    // capability of each structure type, and where its MSI-X capability is.
    // Read only through the function's capability; a malformed capability list
    // or virtio capability is an error, never a guess.
    public sealed class VirtioPciLayout
    {
        public const ushort VendorId = 0x1AF4;
        // 0x1000-0x103F: transitional (legacy interface in BAR 0 too); 0x1040-0x107F: modern only.
        public const ushort FirstDeviceId = 0x1000, FirstModernDeviceId = 0x1040, LastDeviceId = 0x107F;

        private const int DeviceIdRegister = 0x02, StatusRegister = 0x06, CapabilitiesPointer = 0x34;
        private const ushort StatusHasCapabilities = 0x10;
        private const int FirstCapability = 0x40, CapabilitySlots = 48;
        private const byte VendorSpecificId = 0x09, MsiXId = 0x11;
        private const int BarCount = 6;
        // struct virtio_pci_cap, and virtio_pci_notify_cap with its multiplier.
        private const int CapabilityBytes = 16, NotifyCapabilityBytes = 20;
        // Through queue_device: what a virtio 1.0 driver uses.
        public const ulong CommonConfigurationBytes = 0x38;

        private readonly VirtioPciStructure[] _structures = new VirtioPciStructure[VirtioPciStructure.DeviceConfiguration + 1];
        // Why a structure may be missing: the first capability that was ignored.
        private string _ignored;

        private VirtioPciLayout(ushort deviceId) => DeviceId = deviceId;

        public ushort DeviceId { get; }
        public bool Transitional => DeviceId < FirstModernDeviceId;
        // Offset of the MSI-X capability in configuration space, 0 when there is none.
        public int MsiXCapability { get; private set; }

        public VirtioPciStructure Common => _structures[VirtioPciStructure.CommonConfiguration];
        public VirtioPciStructure Notify => _structures[VirtioPciStructure.Notifications];
        public VirtioPciStructure Isr => _structures[VirtioPciStructure.IsrStatus];
        public VirtioPciStructure Device => _structures[VirtioPciStructure.DeviceConfiguration];

        // Any virtio structure capability at all: then the modern interface is the one to use.
        public bool HasModernStructures => Common.Present || Notify.Present || Isr.Present || Device.Present;

        // The structure, or the error naming what is missing.
        public string Require(byte type, out VirtioPciStructure structure)
        {
            structure = _structures[type];
            if (structure.Present) return null;
            return "no usable virtio " + VirtioPciStructure.Name(type) + " capability" + (_ignored is null ? "" : " (" + _ignored + ")");
        }

        public static VirtioPciLayout Read(PciFunctionCapability function, out string error)
        {
            ushort vendor = function.Read16(0), device = function.Read16(DeviceIdRegister);
            if (vendor != VendorId || device < FirstDeviceId || device > LastDeviceId)
            {
                error = "PCI function " + vendor.ToString("x4") + ":" + device.ToString("x4") + " is not a virtio device (1af4:1000-107f)";
                return null;
            }
            var layout = new VirtioPciLayout(device);
            error = (function.Read16(StatusRegister) & StatusHasCapabilities) == 0 ? null : layout.Walk(function);
            return error is null ? layout : null;
        }

        private string Walk(PciFunctionCapability function)
        {
            int at = function.Read8(CapabilitiesPointer) & 0xFC;
            for (int step = 0; at != 0; step++)
            {
                if (step == CapabilitySlots) return "the PCI capability list does not end after " + CapabilitySlots.ToString() + " entries (a loop)";
                if (at < FirstCapability) return "a PCI capability pointer leads to 0x" + at.ToString("x2") + ", inside the header";
                byte id = function.Read8(at);
                if (id == MsiXId && MsiXCapability == 0) MsiXCapability = at;
                if (id == VendorSpecificId)
                {
                    string error = ReadVirtioCapability(function, at);
                    if (error is not null) return "virtio capability at 0x" + at.ToString("x2") + ": " + error;
                }
                at = function.Read8(at + 1) & 0xFC;
            }
            return null;
        }

        private string ReadVirtioCapability(PciFunctionCapability function, int at)
        {
            int length = function.Read8(at + 2);
            if (length < CapabilityBytes) return length.ToString() + " bytes long, less than the " + CapabilityBytes.ToString() + " of struct virtio_pci_cap";
            if (at + length > function.ConfigSize) return length.ToString() + " bytes long, past the end of configuration space";
            byte type = function.Read8(at + 3);
            // Other types (PCI configuration access, shared memory, vendor data) are not used here.
            if (type < VirtioPciStructure.CommonConfiguration || type > VirtioPciStructure.DeviceConfiguration || _structures[type].Present) return null;
            byte bar = function.Read8(at + 4);
            if (bar >= BarCount)
            {
                // The spec has drivers ignore it; say so if the structure is then missing.
                _ignored ??= "the " + VirtioPciStructure.Name(type) + " capability at 0x" + at.ToString("x2") + " names BAR " + bar.ToString()
                    + ", which does not exist";
                return null;
            }
            if (type == VirtioPciStructure.Notifications && length < NotifyCapabilityBytes)
                return length.ToString() + " bytes long, less than the " + NotifyCapabilityBytes.ToString() + " of struct virtio_pci_notify_cap";
            ulong offset = function.Read32(at + 8), size = function.Read32(at + 12);
            uint multiplier = type == VirtioPciStructure.Notifications ? function.Read32(at + 16) : 0;
            string problem = Check(type, offset, size);
            if (problem is not null) return "the " + VirtioPciStructure.Name(type) + " structure " + problem;
            _structures[type] = new VirtioPciStructure(type, at, bar, offset, size, multiplier);
            return null;
        }

        // The spec's minimum lengths and alignments (4.1.4.3-4.1.4.6).
        private static string Check(byte type, ulong offset, ulong size)
        {
            ulong least = type switch
            {
                VirtioPciStructure.CommonConfiguration => CommonConfigurationBytes,
                VirtioPciStructure.Notifications => 2,
                VirtioPciStructure.IsrStatus => 1,
                _ => 0,
            };
            if (size < least) return "is " + size.ToString() + " bytes long, less than its " + least.ToString();
            ulong alignment = type == VirtioPciStructure.Notifications ? 2UL : type == VirtioPciStructure.IsrStatus ? 1UL : 4UL;
            if ((offset & (alignment - 1)) != 0) return "starts at offset 0x" + offset.ToString("x") + ", not " + alignment.ToString() + "-byte aligned";
            return null;
        }
    }
}
