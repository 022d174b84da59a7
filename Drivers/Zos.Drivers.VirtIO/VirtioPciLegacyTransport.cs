using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.VirtIO
{
    // The legacy interface of a transitional virtio PCI device (virtio 1.2,
    // 4.1.4.10): one I/O BAR with fixed registers, 32 feature bits, queues at a
    // page number in the fixed VirtqueueLayout, no FEATURES_OK and no
    // configuration generation. While MSI-X is enabled two vector registers
    // follow the header and the device configuration moves after them, so the
    // enable bit is read from configuration space whenever it matters.
    public sealed class VirtioPciLegacyTransport : VirtioTransport
    {
        private const int DeviceFeatures = 0x00, DriverFeatures = 0x04, QueueAddress = 0x08, QueueSize = 0x0C, QueueSelect = 0x0E;
        private const int QueueNotify = 0x10, DeviceStatus = 0x12, IsrStatus = 0x13, ConfigMsixVector = 0x14, QueueMsixVector = 0x16;
        public const int HeaderBytes = 0x14, HeaderBytesWithMsiX = 0x18;
        // QEMU's limit (VIRTIO_QUEUE_MAX); the interface has no queue count, so queues are probed up to it.
        private const int MostQueues = 1024;
        private const int MsiXControl = 2;
        private const ushort MsiXEnable = 0x8000;
        private const int PageShift = 12;

        private readonly IoPortRange _ports;
        private readonly PciFunctionCapability _function;
        private readonly int _msiXCapability;
        private int _queueCount = -1;
        // Each set-up queue's page number, until EnableQueue writes it; 0 when not set up.
        private uint[] _pages;

        private VirtioPciLegacyTransport(IoPortRange ports, PciFunctionCapability function, int msiXCapability)
        {
            _ports = ports;
            _function = function;
            _msiXCapability = msiXCapability;
        }

        public override string Kind => "legacy";

        internal static string Open(IoPortRange ports, PciFunctionCapability function, VirtioPciLayout layout, out VirtioTransport transport)
        {
            transport = null;
            if (ports.Length < HeaderBytes)
                return "BAR 0 has " + ports.Length.ToString() + " ports, fewer than the " + HeaderBytes.ToString() + " of the legacy virtio header";
            transport = new VirtioPciLegacyTransport(ports, function, layout.MsiXCapability);
            return null;
        }

        public override int QueueCount
        {
            get
            {
                if (_queueCount < 0)
                {
                    int count = 0;
                    while (count < MostQueues && SizeOf(count) != 0) count++;
                    _queueCount = count;
                    _pages = new uint[count];
                }
                return _queueCount;
            }
        }

        public override int ConfigSize => _ports.Length - ConfigStart;

        public override VirtioDeviceStatus ReadStatus() => (VirtioDeviceStatus)_ports.Read8(DeviceStatus);

        public override void WriteStatus(VirtioDeviceStatus status)
        {
            _ports.Write8(DeviceStatus, (byte)status);
            if (status == VirtioDeviceStatus.None && _pages is not null) Array.Clear(_pages);
        }

        public override ulong ReadDeviceFeatures() => _ports.Read32(DeviceFeatures);
        public override ulong ReadDriverFeatures() => _ports.Read32(DriverFeatures);

        protected override bool HasFeaturesOk => false;

        // AcceptFeatures has checked them against the offer, which has no bits above 31.
        protected override void WriteDriverFeatures(ulong features) => _ports.Write32(DriverFeatures, (uint)features);

        public override ushort QueueMaxSize(int queue)
        {
            CheckQueue(queue);
            return SizeOf(queue);
        }

        public override string SetUpQueue(int queue, ushort size, ulong descriptors, ulong driverArea, ulong deviceArea)
        {
            ushort own = QueueMaxSize(queue);
            string where = "legacy virtio queue " + queue.ToString() + ": ";
            if (_ports.Read32(QueueAddress) != 0) return where + "already enabled (reset the device to set it up again)";
            if (size != own) return where + "the legacy interface cannot change the queue size: the device has " + own.ToString() + " entries, not " + size.ToString();
            if ((descriptors & (VirtqueueLayout.LegacyAlignment - 1)) != 0)
                return where + "the descriptor table at 0x" + descriptors.ToString("x") + " does not start on a 4096-byte page";
            if (descriptors == 0) return where + "the descriptor table cannot be at address 0 (page 0 turns a legacy queue off)";
            if (descriptors >> PageShift > uint.MaxValue)
                return where + "page 0x" + (descriptors >> PageShift).ToString("x") + " cannot be written to the 32-bit queue address register";
            var layout = new VirtqueueLayout(size);
            ulong expectedDriver = descriptors + (ulong)layout.AvailableRingOffset;
            ulong expectedDevice = descriptors + (ulong)layout.UsedRingOffset;
            if (driverArea != expectedDriver || deviceArea != expectedDevice)
                return where + "the areas must follow the legacy layout: driver area at 0x" + expectedDriver.ToString("x") + " and device area at 0x"
                    + expectedDevice.ToString("x") + ", not 0x" + driverArea.ToString("x") + " and 0x" + deviceArea.ToString("x");
            _pages[queue] = (uint)(descriptors >> PageShift);
            return null;
        }

        // Writing the page number is what makes a legacy queue live.
        public override void EnableQueue(int queue)
        {
            RequireSetUp(queue);
            _ports.Write16(QueueSelect, (ushort)queue);
            _ports.Write32(QueueAddress, _pages[queue]);
        }

        public override void Notify(int queue)
        {
            RequireSetUp(queue);
            _ports.Write16(QueueNotify, (ushort)queue);
        }

        public override byte ReadIsr() => _ports.Read8(IsrStatus);

        public override void ReadPastRegisters() => _ports.Read8(_ports.Length);

        // The vector registers exist only while MSI-X is enabled; otherwise
        // they would be device configuration, so nothing is written.
        public override ushort AssignConfigVector(ushort vector)
        {
            if (!MsiXEnabled) return NoVector;
            _ports.Write16(ConfigMsixVector, vector);
            return _ports.Read16(ConfigMsixVector);
        }

        public override ushort AssignQueueVector(int queue, ushort vector)
        {
            CheckQueue(queue);
            if (!MsiXEnabled) return NoVector;
            _ports.Write16(QueueSelect, (ushort)queue);
            _ports.Write16(QueueMsixVector, vector);
            return _ports.Read16(QueueMsixVector);
        }

        public override byte ReadConfig8(int offset)
        {
            int start = ConfigStart;
            CheckConfigAccess(offset, 1);
            return _ports.Read8(start + offset);
        }

        public override ushort ReadConfig16(int offset)
        {
            int start = ConfigStart;
            CheckConfigAccess(offset, 2);
            return _ports.Read16(start + offset);
        }

        public override uint ReadConfig32(int offset)
        {
            int start = ConfigStart;
            CheckConfigAccess(offset, 4);
            return _ports.Read32(start + offset);
        }

        public override void WriteConfig8(int offset, byte value)
        {
            int start = ConfigStart;
            CheckConfigAccess(offset, 1);
            _ports.Write8(start + offset, value);
        }

        public override void WriteConfig16(int offset, ushort value)
        {
            int start = ConfigStart;
            CheckConfigAccess(offset, 2);
            _ports.Write16(start + offset, value);
        }

        public override void WriteConfig32(int offset, uint value)
        {
            int start = ConfigStart;
            CheckConfigAccess(offset, 4);
            _ports.Write32(start + offset, value);
        }

        protected override int ConfigurationGeneration() => -1;

        private bool MsiXEnabled => _msiXCapability != 0 && (_function.Read16(_msiXCapability + MsiXControl) & MsiXEnable) != 0;

        private int ConfigStart => MsiXEnabled ? HeaderBytesWithMsiX : HeaderBytes;

        private ushort SizeOf(int queue)
        {
            _ports.Write16(QueueSelect, (ushort)queue);
            return _ports.Read16(QueueSize);
        }

        private void RequireSetUp(int queue)
        {
            CheckQueue(queue);
            if (_pages[queue] == 0) throw new InvalidOperationException("queue " + queue.ToString() + " of the legacy virtio device is not set up");
        }
    }
}
