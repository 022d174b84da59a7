using System;

namespace Zos.Drivers.VirtIO
{
    // How a driver reaches a virtio device, whatever the bus interface: status,
    // features, virtqueue setup, notifications, interrupt status and vectors,
    // and the device-specific configuration (virtio 1.2, sections 2 and 3).
    // VirtioPciTransports opens one from a DriverContext.
    //
    // Failures the device or its configuration cause (a refused feature set, a
    // queue layout the interface cannot express) come back as a sentence, null
    // meaning success; calls a correct driver never makes (a queue index or
    // configuration offset out of range, notifying a queue not set up) throw.
    public abstract class VirtioTransport : IVirtioConfigReader
    {
        // Written to a vector register to unmap an event; read back when the device could not map it.
        public const ushort NoVector = 0xFFFF;
        // ISR status bits (read with ReadIsr, which also clears them).
        public const byte IsrQueue = 1;
        public const byte IsrConfigurationChange = 2;

        // Devices reset at once under QEMU; real ones may take a while.
        private const int ResetPolls = 1_000_000;
        // A device whose configuration keeps changing this often is broken.
        private const int ConfigurationReadAttempts = 100;

        // "modern" (virtio 1.x structures) or "legacy" (the transitional I/O interface).
        public abstract string Kind { get; }
        // Why a transitional device's modern interface was not used, when the legacy one stands in for it.
        public string FallbackReason { get; internal set; }

        public abstract VirtioDeviceStatus ReadStatus();
        public abstract void WriteStatus(VirtioDeviceStatus status);

        public void AddStatus(VirtioDeviceStatus bits) => WriteStatus(ReadStatus() | bits);

        // Writes 0 and waits until the device reads back 0 (the spec's condition
        // for initialising it again).
        public string Reset()
        {
            WriteStatus(VirtioDeviceStatus.None);
            for (int poll = 0; poll < ResetPolls; poll++)
                if (ReadStatus() == VirtioDeviceStatus.None) return null;
            return Kind + " virtio device still reads status 0x" + ((byte)ReadStatus()).ToString("x2") + " after a reset";
        }

        // What the device offers (the legacy interface has bits 0-31 only).
        public abstract ulong ReadDeviceFeatures();
        public abstract ulong ReadDriverFeatures();

        // Writes the driver's features and, on a modern device, completes the
        // FEATURES_OK handshake: the device keeps the bit only if it accepts the
        // set. The legacy interface has no such step (3.1.2: it is skipped).
        public string AcceptFeatures(ulong features)
        {
            ulong offered = ReadDeviceFeatures();
            if ((features & ~offered) != 0)
                return "features 0x" + (features & ~offered).ToString("x") + " were not offered (the device offers 0x" + offered.ToString("x") + ")";
            if ((offered & VirtioFeature.Version1) != 0 && (features & VirtioFeature.Version1) == 0)
                return "the device offers VIRTIO_F_VERSION_1, which a driver must accept";
            WriteDriverFeatures(features);
            if (!HasFeaturesOk) return null;
            AddStatus(VirtioDeviceStatus.FeaturesOk);
            if ((ReadStatus() & VirtioDeviceStatus.FeaturesOk) == 0)
                return "the device refused features 0x" + features.ToString("x") + " (FEATURES_OK did not stay set)";
            return null;
        }

        // How many virtqueues the device has.
        public abstract int QueueCount { get; }

        // The largest size the device supports for this queue, read before it
        // is set up; 0 when the queue is unavailable.
        public abstract ushort QueueMaxSize(int queue);

        // Tells the device where a queue's three areas are (device addresses of
        // DMA memory) without enabling it. The legacy interface can only take
        // one VirtqueueLayout block at the device's own queue size.
        public abstract string SetUpQueue(int queue, ushort size, ulong descriptors, ulong driverArea, ulong deviceArea);

        // The device starts using a queue set up before.
        public abstract void EnableQueue(int queue);

        // An available buffer notification for an enabled queue.
        public abstract void Notify(int queue);

        // Reads and clears the ISR status (IsrQueue, IsrConfigurationChange);
        // reading it also deasserts the device's INTx.
        public abstract byte ReadIsr();

        // Reads one byte past the registers the driver was granted: a capability
        // violation, never a device access. For fault injection (`inject <dev> port`).
        public abstract void ReadPastRegisters();

        // Map configuration-change or queue events to an MSI-X table entry (or
        // NoVector to unmap). Returns what the device reads back: the vector,
        // or NoVector when it could not map it.
        public abstract ushort AssignConfigVector(ushort vector);
        public abstract ushort AssignQueueVector(int queue, ushort vector);

        // Bytes of device-specific configuration.
        public abstract int ConfigSize { get; }

        public abstract byte ReadConfig8(int offset);
        public abstract ushort ReadConfig16(int offset);
        public abstract uint ReadConfig32(int offset);
        public abstract void WriteConfig8(int offset, byte value);
        public abstract void WriteConfig16(int offset, ushort value);
        public abstract void WriteConfig32(int offset, uint value);

        // A 64-bit field, read as two 32-bit halves as the spec asks, again
        // until no configuration change can have come between them: the
        // generation is unchanged around the read (2.5.1), or, for an interface
        // without one, two reads in a row agree (2.5.2).
        public ulong ReadConfig64(int offset)
        {
            CheckConfigAccess(offset, 8);
            for (int attempt = 0; attempt < ConfigurationReadAttempts; attempt++)
            {
                int generation = ConfigurationGeneration();
                ulong value = ReadHalves(offset);
                if (generation >= 0 ? ConfigurationGeneration() == generation : ReadHalves(offset) == value) return value;
            }
            throw new InvalidOperationException("the " + Kind + " virtio device's configuration at offset " + offset.ToString()
                + " kept changing during " + ConfigurationReadAttempts.ToString() + " reads");
        }

        // Whether the driver must set FEATURES_OK.
        protected abstract bool HasFeaturesOk { get; }

        protected abstract void WriteDriverFeatures(ulong features);

        // config_generation, or -1 when the interface has none.
        protected abstract int ConfigurationGeneration();

        protected void CheckConfigAccess(int offset, int width)
        {
            if (offset < 0 || offset > ConfigSize - width || (offset & (Math.Min(width, 4) - 1)) != 0)
                throw new ArgumentOutOfRangeException("offset", "a " + (width * 8).ToString() + "-bit access at offset " + offset.ToString()
                    + " of " + ConfigSize.ToString() + " bytes of " + Kind + " virtio device configuration");
        }

        private ulong ReadHalves(int offset) => ReadConfig32(offset) | (ulong)ReadConfig32(offset + 4) << 32;

        protected void CheckQueue(int queue)
        {
            if (queue < 0 || queue >= QueueCount)
                throw new ArgumentOutOfRangeException("queue", "queue " + queue.ToString() + " of a " + Kind + " virtio device with "
                    + QueueCount.ToString() + " queues");
        }
    }
}
