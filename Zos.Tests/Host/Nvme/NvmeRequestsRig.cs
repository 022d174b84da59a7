using Zos.Drivers;
using Zos.Drivers.Nvme;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Nvme;

// NvmeRequests over the simulated controller, set up as NvmeDriver.Probe
// sets it up: bring-up, Identify Controller, one I/O queue pair on MSI-X
// vector 1, each namespace identified, a request channel, bounce buffers and
// slot pages. The test plays the block service (Submit, Answers) and the
// driver's loop (Issue, Reap), with a clock it moves itself (Now).
internal sealed class NvmeRequestsRig : BlockDriverRig
{
    public const int Capacity = 256;
    public const int IoVector = 1;

    private readonly Dictionary<int, NvmeNamespace> _namespaces = new();

    // configure: namespaces and controller settings, chosen before bring-up (namespace 1 of 16384 blocks when none is added).
    public NvmeRequestsRig(Action<SimulatedNvmeController>? configure = null, int ioEntries = 256, int bounceBuffers = 4, int bounceBytes = 64 * 1024)
        : base(Capacity)
    {
        Hardware = new NvmeRig();
        configure?.Invoke(Sim);
        if (Sim.Namespaces.Count == 0) Sim.AddNamespace(1, 16384);
        Hardware.BringUpCleanly();
        Assert.That(NvmeIdentifyController.Parse(Hardware.Identify(0x01, 0), out NvmeIdentifyController identity), Is.Null);
        Identity = identity;
        Io = Hardware.CreateIoQueues(ioEntries, IoVector);
        foreach (uint id in Sim.Namespaces.Keys)
        {
            string? problem = NvmeIdentifyNamespace.Parse(id, Hardware.Identify(0x00, id), out NvmeIdentifyNamespace space);
            if (problem is null) _namespaces[(int)id] = new NvmeNamespace(space, identity, identity.MaxTransferBytes(4096));
            else Refusals[id] = problem;
        }
        var buffers = new DmaBuffer[bounceBuffers];
        for (int i = 0; i < bounceBuffers; i++) buffers[i] = Hardware.Allocate(bounceBytes);
        BounceBufferAddresses = buffers.Select(buffer => buffer.DeviceAddress).ToArray();
        Bounce = new BounceBuffers(bounceBuffers, bounceBytes, i => buffers[i]);
        Pages = new NvmeSlotPages(Hardware.Allocate(NvmeSlotPages.BytesFor(Io.Slots)), Io.Slots);
        Requests = new NvmeRequests(Hardware.Engine, Io, IoVector, Capacity, Channel, Bounce, Pages);
        // What bring-up did is not what the tests look at.
        Sim.Fetched.Clear();
    }

    public NvmeRig Hardware { get; }
    public SimulatedNvmeController Sim => Hardware.Sim;
    public NvmeIdentifyController Identity { get; }
    public NvmeQueuePair Io { get; }
    public BounceBuffers Bounce { get; }
    public ulong[] BounceBufferAddresses { get; }
    public NvmeSlotPages Pages { get; }
    public NvmeRequests Requests { get; }
    // Why namespaces were not served, by id.
    public Dictionary<uint, string> Refusals { get; } = new();

    public NvmeNamespace Namespace(int unit) => _namespaces[unit];

    protected override void Accept(in BlockDriverRequest request) => Requests.Accept(request, _namespaces[request.Unit]);

    public override bool Busy => Requests.Busy;

    public override void Issue() => Requests.IssueWhatFits(Now);

    public override string? Reap() => Requests.Reap(Now);

    public int FreeBounceBuffers() => FreeBuffers(Bounce);

    // I/O commands the controller fetched, in order.
    public List<SimulatedNvmeCommand> IoFetched => Sim.Fetched.Where(command => command.QueueId == 1).ToList();

    // ---- requests, as the block service builds them (512-byte sectors) ----

    public static BlockDriverRequest Read(int tag, ulong sector, int sectors, int unit = 1, int bufferOffset = 0) => new()
    {
        Tag = tag, Operation = BlockOperation.Read, Unit = unit, Sector = sector, Sectors = sectors,
        Buffer = new byte[bufferOffset + sectors * BlockDeviceInfo.SectorSize], BufferOffset = bufferOffset,
    };

    public static BlockDriverRequest Write(int tag, ulong sector, byte[] buffer, int unit = 1, int bufferOffset = 0) => new()
    {
        Tag = tag, Operation = BlockOperation.Write, Unit = unit, Sector = sector,
        Sectors = (buffer.Length - bufferOffset) / BlockDeviceInfo.SectorSize, Buffer = buffer, BufferOffset = bufferOffset,
    };

    // The client's memory lent: the device writes into it.
    public BlockDriverRequest LentRead(int tag, ulong sector, int sectors, int unit = 1, int bufferOffset = 0)
    {
        BlockDriverRequest request = Read(tag, sector, sectors, unit, bufferOffset);
        request.Data = Hardware.Lend(request.Buffer, CapabilityRights.Write, bufferOffset);
        return request;
    }

    // The client's memory lent: the device reads from it.
    public BlockDriverRequest LentWrite(int tag, ulong sector, byte[] buffer, int unit = 1, int bufferOffset = 0)
    {
        BlockDriverRequest request = Write(tag, sector, buffer, unit, bufferOffset);
        request.Data = Hardware.Lend(buffer, CapabilityRights.Read, bufferOffset);
        return request;
    }

    // A slice of one client buffer lent for a read or write of `sectors` at `offset`.
    public BlockDriverRequest LentSlice(int tag, BlockOperation operation, ulong sector, int sectors, byte[] client, int offset) => new()
    {
        Tag = tag, Operation = operation, Unit = 1, Sector = sector, Sectors = sectors, Buffer = client, BufferOffset = offset,
        Data = Hardware.Lend(client, operation == BlockOperation.Read ? CapabilityRights.Write : CapabilityRights.Read, offset, sectors * BlockDeviceInfo.SectorSize),
    };

    public static BlockDriverRequest Dataless(int tag, BlockOperation operation, ulong sector = 0, int sectors = 0, int unit = 1) => new()
    {
        Tag = tag, Operation = operation, Unit = unit, Sector = sector, Sectors = sectors,
    };

    public static BlockDriverRequest GetId(int tag, byte[] buffer, int unit = 1) => new()
    {
        Tag = tag, Operation = BlockOperation.GetId, Unit = unit, Buffer = buffer,
    };

    // The namespace's bytes for [sector, sector + sectors) in 512-byte sectors.
    public byte[] OnDisk(uint id, ulong sector, int sectors) =>
        Sim.Namespaces[id].Data.AsSpan((int)sector * BlockDeviceInfo.SectorSize, sectors * BlockDeviceInfo.SectorSize).ToArray();
}
