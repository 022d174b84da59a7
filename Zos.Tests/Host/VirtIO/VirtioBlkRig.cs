using Zos.Drivers.VirtIO;
using Zos.Drivers.VirtIOBlock;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.VirtIO;

// A minimal virtio-blk driver loop over the real queue and protocol code, with
// the simulated device on the other side of simulated RAM: what the tests
// drive. Request slot = the caller's tag; data lives in one DMA buffer.
public sealed class VirtioBlkRig
{
    public const int RamBytes = 8 << 20;
    public const ulong CapacitySectors = 4096;   // 2 MiB disk

    private readonly Dictionary<ushort, Submitted> _inFlight = new();
    private readonly VirtqueueSegment[] _chain;

    public VirtioBlkRig(int queueSize = 16, ulong features = VirtioBlkFeature.Flush | VirtioBlkFeature.SizeMax | VirtioBlkFeature.SegMax,
        int indirectDescriptorsPerTable = 0, int dataBytes = 256 * 1024, Action<SimulatedVirtioBlkDevice>? configure = null)
    {
        var memory = new SimulatedPhysicalMemory { Logging = false }.Place(SimulatedDmaMemory.RamBase, Ram);
        var authority = new CapabilityAuthority(new SimulatedIoPorts(), memory, new SimulatedDmaMemory(RamBytes), 4 << 20, auditCapacity: 8);
        Assert.That(authority.GrantDmaPool(new TestOwner("virtio-blk"), 4 << 20, CapabilityAuthority.Below4GiB,
            CapabilityRights.Allocate | CapabilityRights.ReadWrite, out DmaPool pool), Is.Null);
        Pool = pool;
        Device = new SimulatedVirtioBlkDevice(Ram, CapacitySectors, features);
        configure?.Invoke(Device);
        Config = VirtioBlkConfig.Read(Device, features);

        Ring = Allocate(new VirtqueueLayout(queueSize).TotalBytes);
        IndirectDescriptorTables? tables = indirectDescriptorsPerTable == 0 ? null
            : new IndirectDescriptorTables(Allocate(IndirectDescriptorTables.BytesFor(queueSize, indirectDescriptorsPerTable)),
                queueSize, indirectDescriptorsPerTable);
        Queue = new SplitVirtqueue(Ring, queueSize, features, tables);
        Device.AttachQueue(queueSize, Queue.DescriptorTableAddress, Queue.AvailableRingAddress, Queue.UsedRingAddress);
        Limits = new VirtioBlkLimits(Config, queueSize);
        Slots = new VirtioBlkRequestSlots(Allocate(VirtioBlkRequestSlots.BytesFor(queueSize)), queueSize);
        Data = Allocate(dataBytes);
        _chain = new VirtqueueSegment[queueSize];
    }

    public byte[] Ram { get; } = new byte[RamBytes];
    public DmaPool Pool { get; }
    public SimulatedVirtioBlkDevice Device { get; }
    public VirtioBlkConfig Config { get; }
    public VirtioBlkLimits Limits { get; }
    public DmaBuffer Ring { get; }
    public SplitVirtqueue Queue { get; }
    public VirtioBlkRequestSlots Slots { get; }
    public DmaBuffer Data { get; }

    public sealed record Submitted(int Slot, VirtioBlkRequestType Type, ulong Sector, int Bytes);
    public sealed record Completed(int Slot, ushort Head, VirtioBlkResult Result, uint WrittenBytes);

    public DmaBuffer Allocate(int bytes)
    {
        Assert.That(Pool.Allocate(bytes, out DmaBuffer buffer), Is.Null);
        return buffer;
    }

    // Adds one request (not yet published); false when the queue is full.
    public bool TrySubmit(int slot, VirtioBlkRequestType type, ulong sector, int dataOffset, int bytes, out ushort head)
    {
        Slots.Prepare(slot, type, sector);
        int segments = VirtioBlkChain.Build(Limits, type, Slots.HeaderAddress(slot), Data.DeviceAddress + (ulong)dataOffset, bytes,
            Slots.StatusAddress(slot), _chain);
        if (!Queue.TryAdd(_chain.AsSpan(0, segments), out head)) return false;
        _inFlight.Add(head, new Submitted(slot, type, sector, bytes));
        return true;
    }

    public ushort Submit(int slot, VirtioBlkRequestType type, ulong sector, int dataOffset, int bytes)
    {
        Assert.That(TrySubmit(slot, type, sector, dataOffset, bytes, out ushort head), Is.True, "the queue refused the request");
        return head;
    }

    // What a driver does after resetting its device: every request is forgotten.
    public void ResetQueue()
    {
        Queue.Reset();
        _inFlight.Clear();
        Device.AttachQueue(Queue.QueueSize, Queue.DescriptorTableAddress, Queue.AvailableRingAddress, Queue.UsedRingAddress);
    }

    // Publishes and notifies the device when it asks for it; returns whether it did.
    public bool Kick()
    {
        Queue.Publish();
        if (!Queue.ShouldNotify()) return false;
        Device.Notify();
        return true;
    }

    public List<Completed> Reap()
    {
        var completed = new List<Completed>();
        while (Queue.TryTakeUsed(out VirtqueueUsedEntry entry))
        {
            Assert.That(_inFlight.Remove(entry.Head, out Submitted? request), Is.True, $"head {entry.Head} came back but was never submitted");
            VirtioBlkResult result = VirtioBlkResult.FromStatus(Slots.ReadStatus(request!.Slot), request.Type, request.Sector, request.Bytes);
            completed.Add(new Completed(request.Slot, entry.Head, result, entry.WrittenBytes));
        }
        return completed;
    }

    // Submit, kick, let the device do it, reap: one request end to end.
    public Completed RoundTrip(VirtioBlkRequestType type, ulong sector, int dataOffset, int bytes)
    {
        Submit(0, type, sector, dataOffset, bytes);
        Kick();
        Device.ProcessAll();
        List<Completed> completed = Reap();
        Assert.That(completed, Has.Count.EqualTo(1));
        return completed[0];
    }

    public void FillData(int offset, int bytes, int seed)
    {
        Data.CopyFrom(offset, Pattern(bytes, seed));
    }

    public byte[] ReadData(int offset, int bytes)
    {
        var copy = new byte[bytes];
        Data.CopyTo(offset, copy);
        return copy;
    }

    public static byte[] Pattern(int bytes, int seed)
    {
        var pattern = new byte[bytes];
        for (int i = 0; i < bytes; i++) pattern[i] = (byte)(i * 7 + seed * 31 + (i >> 9));
        return pattern;
    }
}
