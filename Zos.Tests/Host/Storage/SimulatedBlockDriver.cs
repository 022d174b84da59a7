using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Storage;

// A block driver and its disk in memory, stepped by the test: each Serve
// answers up to n requests taken from the current incarnation's channel
// (writes really land on Disk), Crash ends the incarnation with whatever it
// had taken but not answered, Restart starts the next one. Given a lender, its
// sessions lend each part's memory to Borrower, as the kernel's do. It serves
// unit 0 (Disk, Info) and any added with AddUnit, each with its own disk.
public sealed class SimulatedBlockDriver : IBlockDriverLink
{
    private readonly Dictionary<int, (byte[] Disk, BlockDeviceInfo Info)> _units = new();
    private readonly List<BlockDriverRequest> _taken = new();
    private readonly CapabilityAuthority? _lender;
    private Session? _session;
    private int _incarnation;

    public SimulatedBlockDriver(int sectors, int maxSectorsPerRequest, int queueDepth = 8, CapabilityAuthority? lender = null,
        CapabilityOwner? borrower = null, int maxSectorsPerLentRequest = 0)
    {
        _lender = lender;
        Borrower = borrower;
        Disk = new byte[sectors * BlockDeviceInfo.SectorSize];
        Info = new BlockDeviceInfo
        {
            Sectors = (ulong)sectors, MaxSectorsPerRequest = maxSectorsPerRequest, MaxSectorsPerLentRequest = maxSectorsPerLentRequest,
            QueueDepth = queueDepth,
            HasFlush = true, Transport = "simulated", Features = "flush",
        };
        _units[0] = (Disk, Info);
        Restart();
    }

    // What ListUnits answers: the units in the order added, and the letter that names them.
    public List<int> ListedUnits { get; } = new() { 0 };
    public string? UnitLetter { get; set; }

    public (byte[] Disk, BlockDeviceInfo Info) Unit(int unit) => _units[unit];

    public void AddUnit(int unit, int sectors, int maxSectorsPerRequest)
    {
        _units[unit] = (new byte[sectors * BlockDeviceInfo.SectorSize], new BlockDeviceInfo
        {
            Sectors = (ulong)sectors, MaxSectorsPerRequest = maxSectorsPerRequest, QueueDepth = Info.QueueDepth, Transport = "simulated",
        });
        ListedUnits.Add(unit);
    }

    public byte[] Disk { get; }
    public BlockDeviceInfo Info { get; }
    public CountingDoorbell ToClient { get; } = new();
    public string? FailedReason { get; set; }
    public BlockDriverSession? Current => _session;
    public CapabilityOwner? Borrower { get; }
    // Whether an ended incarnation's device has been stopped (the recovery ran).
    public bool EndedDeviceStopped { get; set; } = true;
    // Loans that were still valid when their request was carried out (with the request).
    public List<(BlockDriverRequest Request, DmaBuffer Data)> Loans { get; } = new();
    // Every request the driver carried out, in order (Identify included).
    public List<BlockDriverRequest> Executed { get; } = new();
    public int Flushes { get; private set; }
    // Deadlines the device asked the supervisor to watch, by tag; removed when finished.
    public Dictionary<int, int> Watched { get; } = new();
    // Answer with this status instead of carrying the request out (for one request).
    public BlockStatus? NextStatus { get; set; }
    // What the IOMMU recorded against the current incarnation's device (its answers are then not believed).
    public string? DeviceFault { get; set; }
    // Identify answers Ok with no description.
    public bool IdentifyWithoutInfo { get; set; }

    public void Restart()
    {
        _taken.Clear();
        DeviceFault = null;
        var channel = new DriverChannel<BlockDriverRequest, BlockDriverCompletion>(Info.QueueDepth, new CountingDoorbell(), ToClient);
        _session = new Session(channel, ++_incarnation, this, _lender, Borrower);
    }

    // The incarnation ends: requests taken and not answered are gone with it.
    public void Crash()
    {
        _session = null;
        _taken.Clear();
    }

    // Taken and not yet answered, oldest first (a test may answer them itself with Complete).
    public IReadOnlyList<BlockDriverRequest> Taken => _taken;

    // Takes everything waiting in the ring (without answering).
    public int Take()
    {
        if (_session is null) return 0;
        int taken = 0;
        while (_session.Channel.TryTakeRequest(out BlockDriverRequest request))
        {
            _taken.Add(request);
            taken++;
        }
        return taken;
    }

    // Answers up to count taken requests, newest first when reversed.
    public int Serve(int count = int.MaxValue, bool reversed = false)
    {
        Take();
        int served = 0;
        while (served < count && _taken.Count > 0 && _session is not null)
        {
            int index = reversed ? _taken.Count - 1 : 0;
            BlockDriverRequest request = _taken[index];
            _taken.RemoveAt(index);
            _session.Channel.TryComplete(Execute(request));
            served++;
        }
        return served;
    }

    public void Complete(BlockDriverCompletion completion) => _session!.Channel.TryComplete(completion);

    private BlockDriverCompletion Execute(BlockDriverRequest request)
    {
        if (NextStatus is BlockStatus status)
        {
            NextStatus = null;
            return BlockDriverCompletion.Failed(request.Tag, status, "simulated " + status);
        }
        Executed.Add(request);
        if (request.Operation == BlockOperation.ListUnits)
            return new BlockDriverCompletion { Tag = request.Tag, Status = BlockStatus.Ok, Units = ListedUnits.ToArray(), UnitLetter = UnitLetter };
        if (!_units.TryGetValue(request.Unit, out var unit))
            return BlockDriverCompletion.Failed(request.Tag, BlockStatus.OutOfRange, $"no unit {request.Unit}");
        if (request.Data is not null)
        {
            if (!request.Data.IsValid) return BlockDriverCompletion.Failed(request.Tag, BlockStatus.DeviceFailed, "the loan was revoked");
            Loans.Add((request, request.Data));
        }
        int bytes = request.Sectors * BlockDeviceInfo.SectorSize;
        int at = (int)request.Sector * BlockDeviceInfo.SectorSize;
        switch (request.Operation)
        {
            case BlockOperation.Identify:
                return new BlockDriverCompletion { Tag = request.Tag, Status = BlockStatus.Ok, Info = IdentifyWithoutInfo ? null : unit.Info };
            case BlockOperation.Read:
                Array.Copy(unit.Disk, at, request.Buffer, request.BufferOffset, bytes);
                break;
            case BlockOperation.Write:
                Array.Copy(request.Buffer, request.BufferOffset, unit.Disk, at, bytes);
                break;
            case BlockOperation.Flush:
                Flushes++;
                break;
            case BlockOperation.WriteZeroes:
            case BlockOperation.Discard:
                Array.Clear(unit.Disk, at, bytes);
                break;
            case BlockOperation.GetId:
                "SIM-SERIAL"u8.ToArray().CopyTo(request.Buffer, request.BufferOffset);
                break;
        }
        return BlockDriverCompletion.Ok(request.Tag);
    }

    private sealed class Session(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel, int incarnation, SimulatedBlockDriver driver,
        CapabilityAuthority? lender, CapabilityOwner? borrower)
        : BlockDriverSession(channel, incarnation, lender, borrower)
    {
        public override void Started(int tag, int deadlineMilliseconds) => driver.Watched[tag] = deadlineMilliseconds;

        public override void Finished(int tag) => driver.Watched.Remove(tag);

        public override string? DeviceFault => driver.DeviceFault;
    }
}
