using Zos.Drivers.VirtIO;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// A virtio-blk device with one split virtqueue, over the simulated RAM (placed
// at SimulatedDmaMemory.RamBase): it reads descriptors, rings and buffers by device address
// as a real device does by DMA, and keeps the disk in a byte array. It checks
// every chain the driver gives it against the spec (what QEMU warns about) and
// records each breach in ProtocolErrors; tests expect none. Requests are
// fetched (Fetch) and completed (Complete*) separately, so tests choose the
// completion order. Every offset, flag, feature bit, request type and status
// below is the specification's (virtio 1.2), written out here, never taken from
// the driver: a wrong constant in the driver must not be agreed with.
public sealed class SimulatedVirtioBlkDevice : IVirtioConfigReader
{
    // Feature bits (6, 5.2.3).
    public const ulong FeatureSizeMax = 1UL << 1, FeatureSegMax = 1UL << 2, FeatureReadOnly = 1UL << 5, FeatureFlush = 1UL << 9,
        FeatureIndirectDescriptors = 1UL << 28, FeatureEventIndex = 1UL << 29;
    // struct virtq_desc flags (2.7.5), virtq_avail and virtq_used flags (2.7.6, 2.7.8).
    private const ushort DescNext = 1, DescWrite = 2, DescIndirect = 4, AvailNoInterrupt = 1, UsedNoNotify = 1;
    // struct virtio_blk_req (5.2.6): type, reserved, sector; the status byte; the 20-byte GET_ID answer.
    private const uint TypeIn = 0, TypeOut = 1, TypeFlush = 4, TypeGetId = 8;
    private const byte StatusOk = 0, StatusIoError = 1, StatusUnsupported = 2;
    private const int HeaderBytes = 16, SectorBytes = 512, IdBytes = 20;

    private readonly byte[] _ram;
    private readonly List<Request> _pending = new();
    private int _queueSize;
    private ulong _descriptorTable, _availableRing, _usedRing;
    private ushort _lastAvailable;
    private ushort _usedIndex;

    public SimulatedVirtioBlkDevice(byte[] ram, ulong capacitySectors, ulong negotiatedFeatures)
    {
        _ram = ram;
        CapacitySectors = capacitySectors;
        NegotiatedFeatures = negotiatedFeatures;
        Disk = new byte[checked((int)capacitySectors * SectorBytes)];
    }

    public ulong CapacitySectors { get; }
    public ulong NegotiatedFeatures { get; }
    public byte[] Disk { get; }
    public uint SizeMax { get; set; } = 64 * 1024;
    public uint SegMax { get; set; } = 126;
    public uint BlockSize { get; set; } = 512;
    public string Serial { get; set; } = "zos-sim-disk";
    public HashSet<ulong> FailingSectors { get; } = new();
    public DeviceMisbehaviour Misbehaviour { get; set; }
    public uint UnknownId { get; set; } = 77;
    public uint LengthReported { get; set; } = 9000;
    // Without event indexes: the used ring's NO_NOTIFY flag, as a busy device sets it.
    public bool SuppressNotifications
    {
        set => Write16(_usedRing, value ? UsedNoNotify : (ushort)0);
    }

    public List<string> ProtocolErrors { get; } = new();
    public int Notifications { get; private set; }
    public int Interrupts { get; private set; }
    public int Flushes { get; private set; }
    public int IndirectChains { get; private set; }
    // Data descriptors of every request served, in order: the shape of the driver's chains.
    public List<int> DataSegmentsPerRequest { get; } = new();
    public int PendingCount => _pending.Count;
    public IReadOnlyList<ushort> PendingHeads => _pending.Select(request => request.Head).ToList();

    private bool EventIndex => (NegotiatedFeatures & FeatureEventIndex) != 0;

    // The three areas as the driver gives them (queue_desc, queue_driver,
    // queue_device of 4.1.4.3); their layouts are 2.7.5, 2.7.6 and 2.7.8.
    public void AttachQueue(int queueSize, ulong descriptorTable, ulong availableRing, ulong usedRing)
    {
        _queueSize = queueSize;
        (_descriptorTable, _availableRing, _usedRing) = (descriptorTable, availableRing, usedRing);
        _lastAvailable = _usedIndex = 0;
        _pending.Clear();
    }

    // virtq_avail: flags, idx, ring[size], used_event. virtq_used: flags, idx, ring[size] of {id, len}, avail_event.
    private ulong AvailableIndex => _availableRing + 2;
    private ulong AvailableEntry(int slot) => _availableRing + 4 + 2 * (ulong)slot;
    private ulong UsedEvent => _availableRing + 4 + 2 * (ulong)_queueSize;
    private ulong UsedIndex => _usedRing + 2;
    private ulong UsedElement(int slot) => _usedRing + 4 + 8 * (ulong)slot;
    private ulong AvailEvent => _usedRing + 4 + 8 * (ulong)_queueSize;

    // What the driver's notify register write does.
    public void Notify() => Notifications++;

    // Takes every newly available chain, parsed and checked; returns how many.
    public int Fetch()
    {
        ushort available = Read16(AvailableIndex);
        int fetched = 0;
        while (_lastAvailable != available)
        {
            ushort head = Read16(AvailableEntry(_lastAvailable % _queueSize));
            _lastAvailable++;
            if (ParseChain(head) is { } request) _pending.Add(request);
            fetched++;
        }
        // Tell the driver to notify again at the next chain it publishes.
        if (EventIndex) Write16(AvailEvent, _lastAvailable);
        return fetched;
    }

    public int ProcessAll()
    {
        Fetch();
        int completed = _pending.Count;
        CompleteAll();
        return completed;
    }

    public void CompleteAll()
    {
        while (_pending.Count > 0) CompleteAt(0);
    }

    public void CompleteInReverse()
    {
        while (_pending.Count > 0) CompleteAt(_pending.Count - 1);
    }

    public void Complete(ushort head) => CompleteAt(_pending.FindIndex(request => request.Head == head));

    // IVirtioConfigReader: struct virtio_blk_config (5.2.4): capacity at 0,
    // size_max at 8, seg_max at 12, geometry at 16, blk_size at 20.
    public byte ReadConfig8(int offset) => ConfigBytes()[offset];
    public ushort ReadConfig16(int offset) => BitConverter.ToUInt16(ConfigBytes(), offset);
    public uint ReadConfig32(int offset) => BitConverter.ToUInt32(ConfigBytes(), offset);
    public ulong ReadConfig64(int offset) => BitConverter.ToUInt64(ConfigBytes(), offset);

    private byte[] ConfigBytes()
    {
        var config = new byte[60];
        BitConverter.GetBytes(CapacitySectors).CopyTo(config, 0);
        BitConverter.GetBytes(SizeMax).CopyTo(config, 8);
        BitConverter.GetBytes(SegMax).CopyTo(config, 12);
        BitConverter.GetBytes(BlockSize).CopyTo(config, 20);
        return config;
    }

    private sealed record Buffer(ulong Address, uint Length, bool Writable);
    private sealed record Request(ushort Head, List<Buffer> Buffers);

    private Request? ParseChain(ushort head)
    {
        var buffers = new List<Buffer>();
        ulong table = _descriptorTable;
        int tableSize = _queueSize;
        bool inIndirect = false;
        int index = head;
        for (int visited = 0; ; visited++)
        {
            if (visited >= _queueSize) return Refuse(head, "descriptor chain longer than the queue or looped");
            if (index >= tableSize) return Refuse(head, $"descriptor index {index} beyond a table of {tableSize}");
            byte[] descriptor = ReadMemory(table + (ulong)(16 * index), 16);
            ulong address = BitConverter.ToUInt64(descriptor, 0);
            uint length = BitConverter.ToUInt32(descriptor, 8);
            ushort flags = BitConverter.ToUInt16(descriptor, 12), next = BitConverter.ToUInt16(descriptor, 14);
            if ((flags & DescIndirect) != 0)
            {
                if ((NegotiatedFeatures & FeatureIndirectDescriptors) == 0) return Refuse(head, "indirect descriptor without VIRTIO_F_INDIRECT_DESC");
                if (inIndirect) return Refuse(head, "indirect descriptor inside an indirect table");
                if ((flags & DescNext) != 0) return Refuse(head, "descriptor with both INDIRECT and NEXT");
                if (length == 0 || length % 16 != 0) return Refuse(head, $"indirect table of {length} bytes");
                table = address;
                tableSize = (int)(length / 16);
                inIndirect = true;
                index = 0;
                visited = -1;   // the table's own descriptors count against the queue size
                IndirectChains++;
                continue;
            }
            bool writable = (flags & DescWrite) != 0;
            if (!writable && buffers.Any(buffer => buffer.Writable)) return Refuse(head, "device-readable descriptor after a device-writable one");
            if (length == 0) return Refuse(head, "empty descriptor");
            buffers.Add(new Buffer(address, length, writable));
            if ((flags & DescNext) == 0) return new Request(head, buffers);
            index = next;
        }
    }

    private Request? Refuse(ushort head, string problem)
    {
        ProtocolErrors.Add($"head {head}: {problem}");
        return null;
    }

    private void CompleteAt(int position)
    {
        Request request = _pending[position];
        _pending.RemoveAt(position);
        uint written = Serve(request);
        uint id = request.Head;
        int advance = 1;
        switch (Misbehaviour)
        {
            case DeviceMisbehaviour.UsedIndexJump: advance = 300; break;
            case DeviceMisbehaviour.UnknownId: id = UnknownId; break;
            case DeviceMisbehaviour.LengthBeyondBuffer: written = LengthReported; break;
            case DeviceMisbehaviour.DuplicateCompletion: PushUsed(id, written, 1); break;
            case DeviceMisbehaviour.DescriptorLoop:
                byte[] loop = new byte[4];
                BitConverter.GetBytes(DescNext).CopyTo(loop, 0);
                BitConverter.GetBytes(request.Head).CopyTo(loop, 2);
                WriteMemory(_descriptorTable + 16 * (ulong)request.Head + 12, loop);
                break;
        }
        Misbehaviour = DeviceMisbehaviour.None;
        PushUsed(id, written, advance);
    }

    private void PushUsed(uint id, uint written, int advance)
    {
        byte[] element = new byte[8];
        BitConverter.GetBytes(id).CopyTo(element, 0);
        BitConverter.GetBytes(written).CopyTo(element, 4);
        WriteMemory(UsedElement(_usedIndex % _queueSize), element);
        ushort previous = _usedIndex;
        _usedIndex = (ushort)(_usedIndex + advance);
        Write16(UsedIndex, _usedIndex);
        bool interrupt = EventIndex
            ? CrossedEvent(Read16(UsedEvent), _usedIndex, previous)
            : (Read16(_availableRing) & AvailNoInterrupt) == 0;
        if (interrupt) Interrupts++;
    }

    // 2.7.10: interrupt when the used index moved past used_event, modulo 2^16.
    private static bool CrossedEvent(ushort usedEvent, ushort now, ushort before) =>
        (ushort)(now - usedEvent - 1) < (ushort)(now - before);

    // Performs the request; returns the bytes written into its device-writable buffers.
    private uint Serve(Request request)
    {
        byte[] readable = Gather(request.Buffers.Where(buffer => !buffer.Writable));
        List<Buffer> writable = request.Buffers.Where(buffer => buffer.Writable).ToList();
        long room = writable.Sum(buffer => (long)buffer.Length) - 1;
        if (readable.Length < HeaderBytes || room < 0)
        {
            ProtocolErrors.Add($"head {request.Head}: no 16-byte header or no status byte");
            return 0;
        }
        uint type = BitConverter.ToUInt32(readable, 0);
        ulong sector = BitConverter.ToUInt64(readable, 8);
        byte[] output = new byte[room];
        uint dataWritten = 0;
        byte status = StatusOk;
        switch (type)
        {
            case TypeIn:
                status = CheckSegments(request, writable.SkipLast(1).ToList()) ?? CheckRange(sector, room, write: false);
                if (status == StatusOk)
                {
                    Disk.AsSpan((int)sector * SectorBytes, (int)room).CopyTo(output);
                    dataWritten = (uint)room;
                }
                break;
            case TypeOut:
                long data = readable.Length - HeaderBytes;
                status = CheckSegments(request, request.Buffers.Where(buffer => !buffer.Writable).Skip(1).ToList()) ?? CheckRange(sector, data, write: true);
                if (status == StatusOk)
                    readable.AsSpan(HeaderBytes).CopyTo(Disk.AsSpan((int)sector * SectorBytes));
                break;
            case TypeFlush:
                if ((NegotiatedFeatures & FeatureFlush) == 0) status = StatusUnsupported;
                else Flushes++;
                break;
            case TypeGetId:
                byte[] id = new byte[IdBytes];
                System.Text.Encoding.ASCII.GetBytes(Serial).AsSpan(0, Math.Min(Serial.Length, id.Length)).CopyTo(id);
                dataWritten = (uint)Math.Min(room, id.Length);
                id.AsSpan(0, (int)dataWritten).CopyTo(output);
                break;
            default:
                status = StatusUnsupported;
                break;
        }
        Scatter(writable, output, status);
        return dataWritten + 1;
    }

    // The data buffers of a read or write against the limits the device
    // advertised (5.2.4: size_max, seg_max): a breach is a protocol error and
    // the request fails as QEMU would fail it.
    private byte? CheckSegments(Request request, List<Buffer> data)
    {
        DataSegmentsPerRequest.Add(data.Count);
        string? problem = null;
        if ((NegotiatedFeatures & FeatureSegMax) != 0 && data.Count > SegMax)
            problem = $"{data.Count} data segments, seg_max is {SegMax}";
        else if ((NegotiatedFeatures & FeatureSizeMax) != 0 && data.FirstOrDefault(buffer => buffer.Length > SizeMax) is { } large)
            problem = $"a data segment of {large.Length} bytes, size_max is {SizeMax}";
        if (problem is null) return null;
        ProtocolErrors.Add($"head {request.Head}: {problem}");
        return StatusIoError;
    }

    private byte CheckRange(ulong sector, long bytes, bool write)
    {
        if (write && (NegotiatedFeatures & FeatureReadOnly) != 0) return StatusIoError;
        if (bytes % SectorBytes != 0) return StatusIoError;
        ulong sectors = (ulong)bytes / SectorBytes;
        if (sector > CapacitySectors || sectors > CapacitySectors - sector) return StatusIoError;
        for (ulong s = sector; s < sector + sectors; s++)
            if (FailingSectors.Contains(s)) return StatusIoError;
        return StatusOk;
    }

    private byte[] Gather(IEnumerable<Buffer> buffers) =>
        buffers.SelectMany(buffer => ReadMemory(buffer.Address, (int)buffer.Length)).ToArray();

    // The data (zeros past what the device produced) into the writable buffers, the status into the last byte.
    private void Scatter(List<Buffer> writable, byte[] data, byte status)
    {
        byte[] all = new byte[data.Length + 1];
        data.CopyTo(all, 0);
        all[^1] = status;
        int offset = 0;
        foreach (Buffer buffer in writable)
        {
            WriteMemory(buffer.Address, all.AsSpan(offset, (int)buffer.Length));
            offset += (int)buffer.Length;
        }
    }

    private ushort Read16(ulong deviceAddress) => BitConverter.ToUInt16(ReadMemory(deviceAddress, 2));

    private void Write16(ulong deviceAddress, ushort value) => WriteMemory(deviceAddress, BitConverter.GetBytes(value));

    // Device addresses are the simulated IOMMU's: physical + SimulatedDmaMemory.DeviceOffset.
    private byte[] ReadMemory(ulong deviceAddress, int length) => _ram.AsSpan(RamOffset(deviceAddress, length), length).ToArray();

    private void WriteMemory(ulong deviceAddress, ReadOnlySpan<byte> bytes) => bytes.CopyTo(_ram.AsSpan(RamOffset(deviceAddress, bytes.Length)));

    private int RamOffset(ulong deviceAddress, int length)
    {
        ulong physical = deviceAddress - SimulatedDmaMemory.DeviceOffset;
        if (deviceAddress < SimulatedDmaMemory.DeviceOffset + SimulatedDmaMemory.RamBase
            || physical - SimulatedDmaMemory.RamBase + (ulong)length > (ulong)_ram.Length)
            throw new InvalidOperationException($"device access to 0x{deviceAddress:x} ({length} bytes) is outside the simulated RAM");
        return (int)(physical - SimulatedDmaMemory.RamBase);
    }
}
