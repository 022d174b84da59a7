using Zos.Drivers.VirtIO;
using Zos.Drivers.VirtIOBlock;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.VirtIO;

// A virtio-blk device with one split virtqueue, over the simulated RAM (placed
// at SimulatedDmaMemory.RamBase): it reads descriptors, rings and buffers by device address
// as a real device does by DMA, and keeps the disk in a byte array. It checks
// every chain the driver gives it against the spec (what QEMU warns about) and
// records each breach in ProtocolErrors; tests expect none. Requests are
// fetched (Fetch) and completed (Complete*) separately, so tests choose the
// completion order.
public sealed class SimulatedVirtioBlkDevice : IVirtioConfigReader
{
    private readonly byte[] _ram;
    private readonly List<Request> _pending = new();
    private VirtqueueLayout _layout;
    private ulong _ringAddress;
    private ushort _lastAvailable;
    private ushort _usedIndex;

    public SimulatedVirtioBlkDevice(byte[] ram, ulong capacitySectors, ulong negotiatedFeatures)
    {
        _ram = ram;
        CapacitySectors = capacitySectors;
        NegotiatedFeatures = negotiatedFeatures;
        Disk = new byte[checked((int)capacitySectors * VirtioBlkProtocol.SectorBytes)];
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
        set => WriteRing16(_layout.UsedFlagsOffset, value ? VirtqueueFormat.UsedNoNotify : (ushort)0);
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

    private bool EventIndex => (NegotiatedFeatures & VirtioFeature.EventIndex) != 0;

    // The queue as a legacy transport hands it over: one page-aligned area.
    public void AttachQueue(int queueSize, ulong ringDeviceAddress)
    {
        _layout = new VirtqueueLayout(queueSize);
        _ringAddress = ringDeviceAddress;
        _lastAvailable = _usedIndex = 0;
        _pending.Clear();
    }

    // What the driver's notify register write does.
    public void Notify() => Notifications++;

    // Takes every newly available chain, parsed and checked; returns how many.
    public int Fetch()
    {
        ushort available = ReadRing16(_layout.AvailableIndexOffset);
        int fetched = 0;
        while (_lastAvailable != available)
        {
            ushort head = ReadRing16(_layout.AvailableEntryOffset(_lastAvailable % _layout.QueueSize));
            _lastAvailable++;
            if (ParseChain(head) is { } request) _pending.Add(request);
            fetched++;
        }
        // Tell the driver to notify again at the next chain it publishes.
        if (EventIndex) WriteRing16(_layout.AvailEventOffset, _lastAvailable);
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

    // IVirtioConfigReader: struct virtio_blk_config.
    public byte ReadConfig8(int offset) => ConfigBytes()[offset];
    public ushort ReadConfig16(int offset) => BitConverter.ToUInt16(ConfigBytes(), offset);
    public uint ReadConfig32(int offset) => BitConverter.ToUInt32(ConfigBytes(), offset);
    public ulong ReadConfig64(int offset) => BitConverter.ToUInt64(ConfigBytes(), offset);

    private byte[] ConfigBytes()
    {
        var config = new byte[60];
        BitConverter.GetBytes(CapacitySectors).CopyTo(config, VirtioBlkConfig.CapacityOffset);
        BitConverter.GetBytes(SizeMax).CopyTo(config, VirtioBlkConfig.SizeMaxOffset);
        BitConverter.GetBytes(SegMax).CopyTo(config, VirtioBlkConfig.SegMaxOffset);
        BitConverter.GetBytes(BlockSize).CopyTo(config, VirtioBlkConfig.BlockSizeOffset);
        return config;
    }

    private sealed record Buffer(ulong Address, uint Length, bool Writable);
    private sealed record Request(ushort Head, List<Buffer> Buffers);

    private Request? ParseChain(ushort head)
    {
        var buffers = new List<Buffer>();
        ulong table = _ringAddress + (ulong)_layout.DescriptorTableOffset;
        int tableSize = _layout.QueueSize;
        bool inIndirect = false;
        int index = head;
        for (int visited = 0; ; visited++)
        {
            if (visited >= _layout.QueueSize) return Refuse(head, "descriptor chain longer than the queue or looped");
            if (index >= tableSize) return Refuse(head, $"descriptor index {index} beyond a table of {tableSize}");
            byte[] descriptor = ReadMemory(table + (ulong)(16 * index), 16);
            ulong address = BitConverter.ToUInt64(descriptor, 0);
            uint length = BitConverter.ToUInt32(descriptor, 8);
            ushort flags = BitConverter.ToUInt16(descriptor, 12), next = BitConverter.ToUInt16(descriptor, 14);
            if ((flags & VirtqueueFormat.DescriptorIndirect) != 0)
            {
                if ((NegotiatedFeatures & VirtioFeature.IndirectDescriptors) == 0) return Refuse(head, "indirect descriptor without VIRTIO_F_INDIRECT_DESC");
                if (inIndirect) return Refuse(head, "indirect descriptor inside an indirect table");
                if ((flags & VirtqueueFormat.DescriptorNext) != 0) return Refuse(head, "descriptor with both INDIRECT and NEXT");
                if (length == 0 || length % 16 != 0) return Refuse(head, $"indirect table of {length} bytes");
                table = address;
                tableSize = (int)(length / 16);
                inIndirect = true;
                index = 0;
                visited = -1;   // the table's own descriptors count against the queue size
                IndirectChains++;
                continue;
            }
            bool writable = (flags & VirtqueueFormat.DescriptorWrite) != 0;
            if (!writable && buffers.Any(buffer => buffer.Writable)) return Refuse(head, "device-readable descriptor after a device-writable one");
            if (length == 0) return Refuse(head, "empty descriptor");
            buffers.Add(new Buffer(address, length, writable));
            if ((flags & VirtqueueFormat.DescriptorNext) == 0) return new Request(head, buffers);
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
                BitConverter.GetBytes(VirtqueueFormat.DescriptorNext).CopyTo(loop, 0);
                BitConverter.GetBytes(request.Head).CopyTo(loop, 2);
                WriteMemory(_ringAddress + (ulong)_layout.DescriptorOffset(request.Head) + 12, loop);
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
        WriteMemory(_ringAddress + (ulong)_layout.UsedElementOffset(_usedIndex % _layout.QueueSize), element);
        ushort previous = _usedIndex;
        _usedIndex = (ushort)(_usedIndex + advance);
        WriteRing16(_layout.UsedIndexOffset, _usedIndex);
        bool interrupt = EventIndex
            ? VirtqueueFormat.PassesEvent(ReadRing16(_layout.UsedEventOffset), _usedIndex, previous)
            : (ReadRing16(_layout.AvailableFlagsOffset) & VirtqueueFormat.AvailableNoInterrupt) == 0;
        if (interrupt) Interrupts++;
    }

    // Performs the request; returns the bytes written into its device-writable buffers.
    private uint Serve(Request request)
    {
        byte[] readable = Gather(request.Buffers.Where(buffer => !buffer.Writable));
        List<Buffer> writable = request.Buffers.Where(buffer => buffer.Writable).ToList();
        long room = writable.Sum(buffer => (long)buffer.Length) - VirtioBlkProtocol.StatusBytes;
        if (readable.Length < VirtioBlkProtocol.HeaderBytes || room < 0)
        {
            ProtocolErrors.Add($"head {request.Head}: no 16-byte header or no status byte");
            return 0;
        }
        var type = (VirtioBlkRequestType)BitConverter.ToUInt32(readable, 0);
        ulong sector = BitConverter.ToUInt64(readable, 8);
        byte[] output = new byte[room];
        uint dataWritten = 0;
        VirtioBlkStatus status = VirtioBlkStatus.Ok;
        switch (type)
        {
            case VirtioBlkRequestType.In:
                DataSegmentsPerRequest.Add(writable.Count - 1);
                status = CheckRange(sector, room, write: false);
                if (status == VirtioBlkStatus.Ok)
                {
                    Disk.AsSpan((int)sector * VirtioBlkProtocol.SectorBytes, (int)room).CopyTo(output);
                    dataWritten = (uint)room;
                }
                break;
            case VirtioBlkRequestType.Out:
                DataSegmentsPerRequest.Add(request.Buffers.Count(buffer => !buffer.Writable) - 1);
                long data = readable.Length - VirtioBlkProtocol.HeaderBytes;
                status = CheckRange(sector, data, write: true);
                if (status == VirtioBlkStatus.Ok)
                    readable.AsSpan(VirtioBlkProtocol.HeaderBytes).CopyTo(Disk.AsSpan((int)sector * VirtioBlkProtocol.SectorBytes));
                break;
            case VirtioBlkRequestType.Flush:
                if ((NegotiatedFeatures & VirtioBlkFeature.Flush) == 0) status = VirtioBlkStatus.Unsupported;
                else Flushes++;
                break;
            case VirtioBlkRequestType.GetId:
                byte[] id = new byte[VirtioBlkProtocol.IdBytes];
                System.Text.Encoding.ASCII.GetBytes(Serial).AsSpan(0, Math.Min(Serial.Length, id.Length)).CopyTo(id);
                dataWritten = (uint)Math.Min(room, id.Length);
                id.AsSpan(0, (int)dataWritten).CopyTo(output);
                break;
            default:
                status = VirtioBlkStatus.Unsupported;
                break;
        }
        Scatter(writable, output, (byte)status);
        return dataWritten + VirtioBlkProtocol.StatusBytes;
    }

    private VirtioBlkStatus CheckRange(ulong sector, long bytes, bool write)
    {
        if (write && (NegotiatedFeatures & VirtioBlkFeature.ReadOnly) != 0) return VirtioBlkStatus.IoError;
        if (bytes % VirtioBlkProtocol.SectorBytes != 0) return VirtioBlkStatus.IoError;
        ulong sectors = (ulong)bytes / VirtioBlkProtocol.SectorBytes;
        if (sector > CapacitySectors || sectors > CapacitySectors - sector) return VirtioBlkStatus.IoError;
        for (ulong s = sector; s < sector + sectors; s++)
            if (FailingSectors.Contains(s)) return VirtioBlkStatus.IoError;
        return VirtioBlkStatus.Ok;
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

    private ushort ReadRing16(int offset) => BitConverter.ToUInt16(ReadMemory(_ringAddress + (ulong)offset, 2));

    private void WriteRing16(int offset, ushort value) => WriteMemory(_ringAddress + (ulong)offset, BitConverter.GetBytes(value));

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
