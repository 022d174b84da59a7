using System.Buffers.Binary;

namespace Zos.Tests.Host.VirtIO;

// The state of a simulated virtio device, whichever interface reaches it:
// status, features, queues, vectors, ISR and the device-specific
// configuration with its generation. TransportModernRegisters and
// TransportLegacyRegisters put the two PCI register layouts over it. Status
// bits and the no-vector value are the spec's numbers, not the driver's.
public sealed class TransportSimulatedDevice
{
    public const byte FeaturesOk = 8;          // virtio 1.2, 2.1: FEATURES_OK
    public const ushort NoVector = 0xFFFF;     // virtio 1.2, 4.1.5.1.2: VIRTIO_MSI_NO_VECTOR

    public sealed class Queue(ushort maxSize, ushort notifyOffset)
    {
        public ushort MaxSize { get; } = maxSize;
        public ushort NotifyOffset { get; set; } = notifyOffset;
        public ushort Size { get; set; } = maxSize;
        public ulong Descriptors { get; set; }
        public ulong DriverArea { get; set; }
        public ulong DeviceArea { get; set; }
        public uint LegacyPage { get; set; }
        public bool Enabled { get; set; }
        public ushort Vector { get; set; } = NoVector;
    }

    public TransportSimulatedDevice(ulong features, int configBytes, params ushort[] queueSizes)
    {
        DeviceFeatures = features;
        Config = new byte[configBytes];
        Queues = queueSizes.Select((size, index) => new Queue(size, (ushort)index)).ToArray();
    }

    public ulong DeviceFeatures { get; }
    public ulong DriverFeatures { get; set; }
    public Queue[] Queues { get; }
    public byte[] Config { get; }
    public byte Generation { get; private set; }
    public byte Isr { get; set; }
    public ushort ConfigVector { get; set; } = NoVector;
    // Vectors the device cannot map: assigning them reads back NoVector.
    public HashSet<ushort> UnmappableVectors { get; } = new();
    // Feature sets FEATURES_OK refuses.
    public Func<ulong, bool> AcceptsFeatures { get; set; } = _ => true;
    // Called on each configuration read with its offset, before the value is taken.
    public Action<int>? OnConfigRead { get; set; }
    public List<int> Notifications { get; } = new();
    public int Resets { get; private set; }
    // How many status reads after a write of 0 still see the old status (a slow reset; int.MaxValue: it never ends).
    public int ResetReads { get; set; }
    // Reads of the status register by the driver.
    public int StatusReads { get; private set; }

    private byte _status;
    private byte _statusBeforeReset;
    private int _resetReadsLeft;

    // The device status field (2.1) as the device keeps it; writing 0 resets the device.
    public byte Status
    {
        get => _status;
        set
        {
            if (value == 0)
            {
                (_statusBeforeReset, _resetReadsLeft) = (_status, ResetReads);
                Reset();
                return;
            }
            bool featuresOkNow = (value & FeaturesOk) != 0 && (_status & FeaturesOk) == 0;
            _status = featuresOkNow && !AcceptsFeatures(DriverFeatures) ? (byte)(value & ~FeaturesOk) : value;
        }
    }

    // The status register as the driver reads it.
    public byte ReadStatus()
    {
        StatusReads++;
        if (_resetReadsLeft == 0) return _status;
        if (_resetReadsLeft != int.MaxValue) _resetReadsLeft--;
        return _statusBeforeReset;
    }

    public ushort MapVector(ushort vector) => UnmappableVectors.Contains(vector) ? NoVector : vector;

    public ulong ReadConfig(int offset, int width)
    {
        OnConfigRead?.Invoke(offset);
        return width switch
        {
            1 => Config[offset],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(Config.AsSpan(offset)),
            _ => BinaryPrimitives.ReadUInt32LittleEndian(Config.AsSpan(offset)),
        };
    }

    public void WriteConfig(int offset, int width, ulong value)
    {
        for (int i = 0; i < width; i++) Config[offset + i] = (byte)(value >> (8 * i));
    }

    // A configuration change, as the device makes it: new bytes and a new generation.
    public void ChangeConfig64(int offset, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(Config.AsSpan(offset), value);
        Generation++;
    }

    public byte TakeIsr()
    {
        byte isr = Isr;
        Isr = 0;
        return isr;
    }

    private void Reset()
    {
        Resets++;
        _status = 0;
        DriverFeatures = 0;
        ConfigVector = NoVector;
        foreach (Queue queue in Queues)
        {
            queue.Size = queue.MaxSize;
            (queue.Descriptors, queue.DriverArea, queue.DeviceArea, queue.LegacyPage, queue.Enabled) = (0, 0, 0, 0, false);
            queue.Vector = NoVector;
        }
    }
}
