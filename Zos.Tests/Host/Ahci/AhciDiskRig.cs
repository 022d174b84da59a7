using Zos.Drivers;
using Zos.Drivers.Ahci;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Ahci;

// One AhciDisk over a simulated disk on port 0, set up as AhciDriver.Probe
// sets a disk up: IDENTIFY through the port, NCQ when disk and HBA have it at
// the disk's depth, a request channel and shared bounce buffers. The test
// plays the block service (Submit, Answers) and the driver's loop (Issue,
// Reap), with a clock it moves itself (Now).
internal sealed class AhciDiskRig : BlockDriverRig
{
    public const int Port = 0;

    // configure: the disk's IDENTIFY data, chosen before the port is started and identified.
    public AhciDiskRig(ulong sectors = 16384, int sectorBytes = 512, Action<SimulatedIdentify>? configure = null, uint cap = 0xC0141F05,
        int bounceBuffers = 4, int bounceBytes = 64 * 1024) : base(AhciDriver.ChannelCapacity)
    {
        Hardware = new AhciRig(cap);
        Disk = Hardware.AttachDisk(Port, sectors, sectorBytes);
        configure?.Invoke(Disk.Identify);
        Engine = Hardware.StartPort(Port);
        Identity = Hardware.Identify(Engine);
        Ncq = AtaTransfers.UsesNcq(Identity, Hardware.Engine.Capabilities, wanted: true);
        if (Ncq) Engine.QueueDepth = Identity.QueueDepth;
        var buffers = new DmaBuffer[bounceBuffers];
        for (int i = 0; i < bounceBuffers; i++) buffers[i] = Hardware.Allocate(bounceBytes);
        BounceBufferAddresses = buffers.Select(buffer => buffer.DeviceAddress).ToArray();
        Bounce = new BounceBuffers(bounceBuffers, bounceBytes, i => buffers[i]);
        Driver = new AhciDisk(Engine, Identity, Ncq, AhciDriver.ChannelCapacity, Channel, Bounce);
        // What bring-up did (IDENTIFY) is not what the tests look at.
        Sim.Fetched.Clear();
        Disk.Executed.Clear();
    }

    public AhciRig Hardware { get; }
    public SimulatedSataDisk Disk { get; }
    public SimulatedAhciPort Sim => Hardware.Hba.Port(Port);
    public AhciPort Engine { get; }
    public AtaIdentifyData Identity { get; }
    public bool Ncq { get; }
    public BounceBuffers Bounce { get; }
    public ulong[] BounceBufferAddresses { get; }
    public AhciDisk Driver { get; }

    protected override void Accept(in BlockDriverRequest request) => Driver.Accept(request);

    public override bool Busy => Driver.Busy;

    public override void Issue() => Driver.IssueWhatFits(Now);

    public override string? Reap() => Driver.Reap(Now);

    public int FreeBounceBuffers() => FreeBuffers(Bounce);

    // Queued commands the HBA holds: its PxSACT bits.
    public int QueuedOnTheHba => System.Numerics.BitOperations.PopCount(Sim.SataActive);

    // ---- requests, as the block service builds them (512-byte sectors) ----

    public static BlockDriverRequest Read(int tag, ulong sector, int sectors, int bufferOffset = 0) => new()
    {
        Tag = tag, Operation = BlockOperation.Read, Unit = Port, Sector = sector, Sectors = sectors,
        Buffer = new byte[bufferOffset + sectors * BlockDeviceInfo.SectorSize], BufferOffset = bufferOffset,
    };

    public static BlockDriverRequest Write(int tag, ulong sector, byte[] buffer, int bufferOffset = 0, int? sectors = null) => new()
    {
        Tag = tag, Operation = BlockOperation.Write, Unit = Port, Sector = sector,
        Sectors = sectors ?? (buffer.Length - bufferOffset) / BlockDeviceInfo.SectorSize, Buffer = buffer, BufferOffset = bufferOffset,
    };

    // The client's memory lent: the device writes into it.
    public BlockDriverRequest LentRead(int tag, ulong sector, int sectors)
    {
        BlockDriverRequest request = Read(tag, sector, sectors);
        request.Data = Hardware.Lend(request.Buffer, CapabilityRights.Write);
        return request;
    }

    // The client's memory lent: the device reads from it.
    public BlockDriverRequest LentWrite(int tag, ulong sector, byte[] buffer)
    {
        BlockDriverRequest request = Write(tag, sector, buffer);
        request.Data = Hardware.Lend(buffer, CapabilityRights.Read);
        return request;
    }

    public static BlockDriverRequest Flush(int tag) => new() { Tag = tag, Operation = BlockOperation.Flush, Unit = Port };

    public static BlockDriverRequest GetId(int tag, byte[] buffer, int bufferOffset) => new()
    {
        Tag = tag, Operation = BlockOperation.GetId, Unit = Port, Buffer = buffer, BufferOffset = bufferOffset,
    };

    // The disk's bytes for [sector, sector + sectors) in 512-byte sectors.
    public byte[] OnDisk(ulong sector, int sectors) =>
        Disk.Data.AsSpan((int)sector * BlockDeviceInfo.SectorSize, sectors * BlockDeviceInfo.SectorSize).ToArray();
}
