using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.VirtIO
{
    // The virtio 1.x PCI interface (virtio 1.2, 4.1.4): the common
    // configuration, notification, ISR and device configuration structures,
    // each a window derived from its BAR's MMIO capability, so each part of the
    // driver reaches only its own registers.
    public sealed class VirtioPciModernTransport : VirtioTransport
    {
        // struct virtio_pci_common_cfg.
        private const ulong DeviceFeatureSelect = 0x00, DeviceFeature = 0x04, DriverFeatureSelect = 0x08, DriverFeature = 0x0C;
        private const ulong ConfigMsixVector = 0x10, NumQueues = 0x12, DeviceStatus = 0x14, ConfigGeneration = 0x15;
        private const ulong QueueSelect = 0x16, QueueSize = 0x18, QueueMsixVector = 0x1A, QueueEnable = 0x1C, QueueNotifyOff = 0x1E;
        private const ulong QueueDescriptors = 0x20, QueueDriver = 0x28, QueueDevice = 0x30;
        // A notification is the 16-bit queue index.
        private const ulong NotifyWidth = 2;

        private readonly MmioRegion _common;
        private readonly MmioRegion _notify;
        private readonly uint _notifyMultiplier;
        private readonly MmioRegion _isr;
        private readonly MmioRegion _device;
        private readonly int _queueCount;
        // Each set-up queue's notify address in _notify, or -1.
        private readonly long[] _notifyAt;

        private VirtioPciModernTransport(MmioRegion common, MmioRegion notify, uint notifyMultiplier, MmioRegion isr, MmioRegion device)
        {
            _common = common;
            _notify = notify;
            _notifyMultiplier = notifyMultiplier;
            _isr = isr;
            _device = device;
            _queueCount = common.Read16(NumQueues);
            _notifyAt = new long[_queueCount];
            ForgetQueues();
        }

        public override string Kind => "modern";
        public override int QueueCount => _queueCount;
        public override int ConfigSize => _device is null ? 0 : (int)Math.Min(_device.Size, int.MaxValue);

        // The structures the layout names, each carved from its BAR (requested
        // once per BAR, read-write) with only the rights it needs.
        internal static string Open(VirtioPciBars bars, VirtioPciLayout layout, out VirtioTransport transport)
        {
            transport = null;
            VirtioPciStructure common = default, notify = default, isr = default;
            MmioRegion commonRegion = null, notifyRegion = null, isrRegion = null, deviceRegion = null;
            string error = layout.Require(VirtioPciStructure.CommonConfiguration, out common)
                ?? layout.Require(VirtioPciStructure.Notifications, out notify)
                ?? layout.Require(VirtioPciStructure.IsrStatus, out isr)
                ?? bars.Window(common, CapabilityRights.ReadWrite, out commonRegion)
                ?? bars.Window(notify, CapabilityRights.Write, out notifyRegion)
                ?? bars.Window(isr, CapabilityRights.Read, out isrRegion)
                ?? (layout.Device.Present ? bars.Window(layout.Device, CapabilityRights.ReadWrite, out deviceRegion) : null);
            if (error is not null) return error;
            transport = new VirtioPciModernTransport(commonRegion, notifyRegion, notify.NotifyOffsetMultiplier, isrRegion, deviceRegion);
            return null;
        }

        public override VirtioDeviceStatus ReadStatus() => (VirtioDeviceStatus)_common.Read8(DeviceStatus);

        public override void WriteStatus(VirtioDeviceStatus status)
        {
            _common.Write8(DeviceStatus, (byte)status);
            // A reset unmaps the queues; their notify offsets are read again at setup.
            if (status == VirtioDeviceStatus.None) ForgetQueues();
        }

        public override ulong ReadDeviceFeatures()
        {
            _common.Write32(DeviceFeatureSelect, 0);
            ulong low = _common.Read32(DeviceFeature);
            _common.Write32(DeviceFeatureSelect, 1);
            return low | (ulong)_common.Read32(DeviceFeature) << 32;
        }

        public override ulong ReadDriverFeatures()
        {
            _common.Write32(DriverFeatureSelect, 0);
            ulong low = _common.Read32(DriverFeature);
            _common.Write32(DriverFeatureSelect, 1);
            return low | (ulong)_common.Read32(DriverFeature) << 32;
        }

        protected override bool HasFeaturesOk => true;

        protected override void WriteDriverFeatures(ulong features)
        {
            _common.Write32(DriverFeatureSelect, 0);
            _common.Write32(DriverFeature, (uint)features);
            _common.Write32(DriverFeatureSelect, 1);
            _common.Write32(DriverFeature, (uint)(features >> 32));
        }

        public override ushort QueueMaxSize(int queue)
        {
            Select(queue);
            return _common.Read16(QueueSize);
        }

        public override string SetUpQueue(int queue, ushort size, ulong descriptors, ulong driverArea, ulong deviceArea)
        {
            Select(queue);
            if (_common.Read16(QueueEnable) != 0) return "queue " + queue.ToString() + " is already enabled (reset the device to set it up again)";
            ushort most = _common.Read16(QueueSize);
            if (most == 0) return "queue " + queue.ToString() + " is unavailable (size 0)";
            if (size == 0 || (size & (size - 1)) != 0 || size > most)
                return "queue " + queue.ToString() + " cannot have " + size.ToString() + " entries: a power of two up to " + most.ToString();
            string misaligned = Misaligned(descriptors, 16, "descriptor table") ?? Misaligned(driverArea, 2, "driver area")
                ?? Misaligned(deviceArea, 4, "device area");
            if (misaligned is not null) return "queue " + queue.ToString() + ": " + misaligned;
            ulong notifyAt = (ulong)_common.Read16(QueueNotifyOff) * _notifyMultiplier;
            if (notifyAt > _notify.Size - NotifyWidth)
                return "queue " + queue.ToString() + " would be notified at 0x" + notifyAt.ToString("x") + ", outside the notification structure (0x"
                    + _notify.Size.ToString("x") + " bytes)";
            _common.Write16(QueueSize, size);
            WriteAddress(QueueDescriptors, descriptors);
            WriteAddress(QueueDriver, driverArea);
            WriteAddress(QueueDevice, deviceArea);
            _notifyAt[queue] = (long)notifyAt;
            return null;
        }

        public override void EnableQueue(int queue)
        {
            RequireSetUp(queue);
            Select(queue);
            _common.Write16(QueueEnable, 1);
        }

        public override void Notify(int queue)
        {
            RequireSetUp(queue);
            _notify.Write16((ulong)_notifyAt[queue], (ushort)queue);
        }

        public override byte ReadIsr() => _isr.Read8(0);

        public override void ReadPastRegisters() => _common.Read8(_common.Size);

        public override ushort AssignConfigVector(ushort vector)
        {
            _common.Write16(ConfigMsixVector, vector);
            return _common.Read16(ConfigMsixVector);
        }

        public override ushort AssignQueueVector(int queue, ushort vector)
        {
            Select(queue);
            _common.Write16(QueueMsixVector, vector);
            return _common.Read16(QueueMsixVector);
        }

        public override byte ReadConfig8(int offset)
        {
            CheckConfigAccess(offset, 1);
            return _device.Read8((ulong)offset);
        }

        public override ushort ReadConfig16(int offset)
        {
            CheckConfigAccess(offset, 2);
            return _device.Read16((ulong)offset);
        }

        public override uint ReadConfig32(int offset)
        {
            CheckConfigAccess(offset, 4);
            return _device.Read32((ulong)offset);
        }

        public override void WriteConfig8(int offset, byte value)
        {
            CheckConfigAccess(offset, 1);
            _device.Write8((ulong)offset, value);
        }

        public override void WriteConfig16(int offset, ushort value)
        {
            CheckConfigAccess(offset, 2);
            _device.Write16((ulong)offset, value);
        }

        public override void WriteConfig32(int offset, uint value)
        {
            CheckConfigAccess(offset, 4);
            _device.Write32((ulong)offset, value);
        }

        protected override int ConfigurationGeneration() => _common.Read8(ConfigGeneration);

        private void Select(int queue)
        {
            CheckQueue(queue);
            _common.Write16(QueueSelect, (ushort)queue);
        }

        private void RequireSetUp(int queue)
        {
            CheckQueue(queue);
            if (_notifyAt[queue] < 0) throw new InvalidOperationException("queue " + queue.ToString() + " of the modern virtio device is not set up");
        }

        // 64-bit fields as two 32-bit accesses, low half first (4.1.3.1).
        private void WriteAddress(ulong register, ulong address)
        {
            _common.Write32(register, (uint)address);
            _common.Write32(register + 4, (uint)(address >> 32));
        }

        // The split virtqueue's alignments (2.7).
        private static string Misaligned(ulong address, ulong alignment, string what) =>
            (address & (alignment - 1)) == 0 ? null : "the " + what + " at 0x" + address.ToString("x") + " is not " + alignment.ToString() + "-byte aligned";

        private void ForgetQueues()
        {
            for (int i = 0; i < _notifyAt.Length; i++) _notifyAt[i] = -1;
        }
    }
}
