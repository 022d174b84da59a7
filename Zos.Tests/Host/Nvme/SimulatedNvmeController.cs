using Zos.Tests.Host.Ahci;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.Nvme;

// An NVMe controller behind BAR 0, written from NVMe 1.4 and QEMU 7.2's
// nvme as ../shared/notes/devices.md describes it: CAP 0x004018200F0107FF
// (MQES 2047, TO 15, DSTRD 0, NVM command set, pages 4-64 KiB), VS 1.4,
// 65 MSI-X vectors. The registers (3.1) are here, with the queues, doorbells,
// phase tags and interrupts; admin commands are SimulatedNvmeAdmin's, NVM
// commands the namespaces'. It reads submission entries and writes
// completions in simulated memory by device address, as a controller does,
// and records in Violations what the spec says a host must not do. Offsets,
// bits, opcodes and status codes are literals from the spec, never the
// driver's constants. Time is simulated: Advance moves it.
public sealed class SimulatedNvmeController : SimulatedRegisterFile
{
    public const ulong BarBytes = 0x4000;
    public const ulong QemuCap = 0x004018200F0107FF;
    public const int Vectors = 65;

    private uint _cc, _csts, _aqa;
    private ulong _asq, _acq;
    private long _readyChangesAt = -1;
    private bool _readyBecomes;
    private int _ioCommandsFetched;
    private int? _failAfterIoCommands;

    public SimulatedNvmeController(SimulatedBusMemory bus, ulong cap = QemuCap, uint version = 0x00010400)
    {
        Bus = bus;
        Cap = cap;
        Version = version;
        Admin = new SimulatedNvmeAdmin(this);
    }

    public SimulatedBusMemory Bus { get; }
    public ulong Cap { get; }
    public uint Version { get; }
    public SimulatedNvmeAdmin Admin { get; }
    public long Now { get; private set; }
    public uint Configuration => _cc;
    public uint ControllerStatus => _csts;
    public Dictionary<int, SimulatedNvmeQueue> SubmissionQueues { get; } = new();
    public Dictionary<int, SimulatedNvmeQueue> CompletionQueues { get; } = new();
    public SortedDictionary<uint, SimulatedNvmeNamespace> Namespaces { get; } = new();

    // Identify Controller's fields (figure 247), as QEMU 7.2 fills them.
    public string Serial { get; set; } = "ZOSNVME";
    public string Model { get; set; } = "QEMU NVMe Ctrl";
    public string Firmware { get; set; } = "7.2";
    public byte Mdts { get; set; } = 7;
    public ushort OptionalCommands { get; set; } = 0x15D;
    public bool VolatileWriteCache { get; set; } = true;
    public uint NamespaceCount { get; set; } = 256;
    public byte SubmissionEntrySizes { get; set; } = 0x66;
    public byte CompletionEntrySizes { get; set; } = 0x44;
    // Set Features (number of queues): how many I/O submission and completion queues it grants at
    // most (QEMU's max_ioqpairs for both; 5.21.1.7 lets them differ).
    public int MaxIoSubmissionQueues { get; set; } = 64;
    public int MaxIoCompletionQueues { get; set; } = 64;

    // What the host did that NVMe 1.4 says it must not; the happy paths expect none.
    public List<string> Violations { get; } = new();
    // Every command fetched, in order.
    public List<SimulatedNvmeCommand> Fetched { get; } = new();
    public int[] InterruptsRaised { get; } = new int[Vectors];
    // CC.EN cleared while it was set: controller resets.
    public int Resets { get; private set; }

    // How long CSTS.RDY takes to follow CC.EN (QEMU: at once).
    public int ReadyMilliseconds { get; set; }
    // Misbehaviour: CSTS.RDY never becomes 1 after CC.EN.
    public bool ReadyNeverSet { get; set; }
    // I/O commands are fetched but wait in Held until CompleteHeld (a slow or hung device).
    public bool HoldIo { get; set; }
    public List<SimulatedNvmeCommand> Held { get; } = new();
    // Admin commands too are fetched but wait in Held (a controller that never answers them).
    public bool HoldAdmin { get; set; }
    // Misbehaviour, once: CSTS.CFS is set when simulated time reaches this.
    public long? FailsAt { get; set; }
    // The device is gone (surprise removal): reads of BAR 0 return all ones, writes go nowhere.
    public bool Removed { get; set; }
    // Abort (5.1) ends a held command with Command Abort Requested; QEMU 7.2's never does (result 1).
    public bool AbortsHeldCommands { get; set; } = true;
    // Abort says "aborted" (result 0) but the command stays held: its completion comes later, or never.
    public bool AbortAnswersBeforeTheCommandEnds { get; set; }
    // Abort itself fails with this status field (e.g. 4103h, Abort Command Limit Exceeded, DNR).
    public ushort? AbortStatus { get; set; }
    // Writes to each submission queue's tail doorbell, by queue id.
    public Dictionary<int, int> SubmissionDoorbellWrites { get; } = new();
    // Writes to each completion queue's head doorbell, by queue id.
    public Dictionary<int, int> CompletionDoorbellWrites { get; } = new();
    // Misbehaviour, once: after this many more I/O commands fetched, CSTS.CFS is set and nothing more is processed.
    public int? FailAfterIoCommands
    {
        get => _failAfterIoCommands;
        set
        {
            _failAfterIoCommands = value;
            _ioCommandsFetched = 0;
        }
    }
    // Misbehaviour: the next completion names a command id nobody issued.
    public bool NextCompletionForUnissuedCommand { get; set; }
    // Misbehaviour: the next completion is posted twice.
    public bool DuplicateNextCompletion { get; set; }
    // Misbehaviour: the phase tag is not inverted when the completion queue wraps.
    public bool PhaseNeverInverts { get; set; }
    // Misbehaviour: the next completion reports this submission queue head.
    public int? NextSubmissionHead { get; set; }
    // Misbehaviour: the next completion names this submission queue (SQID).
    public int? NextSubmissionQueueId { get; set; }

    public bool Ready => (_csts & 0x1) != 0;
    public bool Fatal => (_csts & 0x2) != 0;

    public SimulatedNvmeNamespace AddNamespace(uint id, ulong blocks, int blockBytes = 512)
    {
        var space = new SimulatedNvmeNamespace(blocks, blockBytes);
        Namespaces[id] = space;
        return space;
    }

    // The state SeaBIOS leaves: enabled and ready, with its admin queue in BIOS memory.
    public void LeaveEnabledByFirmware(ulong asq, ulong acq)
    {
        _aqa = 0x0003_0003;
        _asq = asq;
        _acq = acq;
        _cc = 0x0046_0001;
        _csts = 0x1;
        CreateAdminQueues();
    }

    // CSTS.CFS now: the controller stops processing until it is reset.
    public void FailNow() => _csts |= 0x2;

    public void Advance(int milliseconds)
    {
        Now += milliseconds;
        Tick();
    }

    // The held commands, carried out and completed in the order given (all when none are).
    public void CompleteHeld(params ushort[] commandIds)
    {
        List<SimulatedNvmeCommand> chosen = commandIds.Length == 0 ? Held.ToList() : commandIds.Select(id => Held.Single(h => h.CommandId == id)).ToList();
        foreach (SimulatedNvmeCommand command in chosen)
        {
            Held.Remove(command);
            Complete(command, Execute(command));
        }
    }

    public override ulong Read(ulong offset, int width)
    {
        Tick();
        if (Removed) return width == 8 ? ulong.MaxValue : uint.MaxValue;
        if (width == 8) return Read32(offset) | (ulong)Read32(offset + 4) << 32;
        return Read32(offset);
    }

    public override void Write(ulong offset, int width, ulong value)
    {
        Tick();
        if (Removed) return;
        if (width == 8)
        {
            Write32(offset, (uint)value);
            Write32(offset + 4, (uint)(value >> 32));
        }
        else if (width == 4 && (offset & 3) == 0) Write32(offset, (uint)value);
        else Violations.Add($"a {width}-byte write at 0x{offset:x}: registers take dword writes");
        Tick();
    }

    private uint Read32(ulong offset) => offset switch
    {
        0x00 => (uint)Cap,
        0x04 => (uint)(Cap >> 32),
        0x08 => Version,
        0x14 => _cc,
        0x1C => _csts,
        0x24 => _aqa,
        0x28 => (uint)_asq,
        0x2C => (uint)(_asq >> 32),
        0x30 => (uint)_acq,
        0x34 => (uint)(_acq >> 32),
        _ => 0,
    };

    private void Write32(ulong offset, uint value)
    {
        if (offset >= 0x1000)
        {
            Doorbell(offset - 0x1000, value);
            return;
        }
        bool enabled = (_cc & 0x1) != 0;
        switch (offset)
        {
            case 0x0C:
            case 0x10:
                Violations.Add("INTMS/INTMC written: with MSI-X the host must not touch them (3.1.3)");
                break;
            case 0x14:
                WriteConfiguration(value);
                break;
            case 0x24:   // AQA, ASQ, ACQ: only while disabled (3.1.8-3.1.10)
            case 0x28:
            case 0x2C:
            case 0x30:
            case 0x34:
                if (enabled) Violations.Add($"admin queue register 0x{offset:x} written while CC.EN is set");
                else if (offset == 0x24) _aqa = value & 0x0FFF_0FFF;
                else if (offset == 0x28) _asq = _asq & ~0xFFFF_FFFFUL | value;
                else if (offset == 0x2C) _asq = _asq & 0xFFFF_FFFF | (ulong)value << 32;
                else if (offset == 0x30) _acq = _acq & ~0xFFFF_FFFFUL | value;
                else _acq = _acq & 0xFFFF_FFFF | (ulong)value << 32;
                break;
            default:
                Violations.Add($"write of 0x{value:x} to read-only or reserved register 0x{offset:x}");
                break;
        }
    }

    // CC (3.1.5): EN 0 -> 1 starts the controller with the admin queue, 1 -> 0 resets it (7.3.2).
    private void WriteConfiguration(uint value)
    {
        bool was = (_cc & 0x1) != 0, now = (value & 0x1) != 0;
        if (was && now && value != _cc) Violations.Add($"CC changed from 0x{_cc:x} to 0x{value:x} while enabled");
        _cc = value;
        if (!was && now) Enable();
        else if (was && !now)
        {
            Resets++;
            SubmissionQueues.Clear();
            CompletionQueues.Clear();
            Held.Clear();
            Admin.ForgetQueueCount();
            _csts &= ~0x2u;
            ScheduleReady(false);
        }
    }

    private void Enable()
    {
        // QEMU 7.2: IOSQES/IOCQES must be 6 and 4 (its SQES/CQES), else the start fails with CFS.
        int iosqes = (int)(_cc >> 16) & 0xF, iocqes = (int)(_cc >> 20) & 0xF, mps = (int)(_cc >> 7) & 0xF;
        int mpsMin = (int)(Cap >> 48) & 0xF, mpsMax = (int)(Cap >> 52) & 0xF;
        string? problem = iosqes != 6 || iocqes != 4 ? $"CC.IOSQES {iosqes}, IOCQES {iocqes}"
            : mps < mpsMin || mps > mpsMax ? $"CC.MPS {mps}"
            : (_cc >> 4 & 0x7) != 0 ? "CC.CSS is not the NVM command set"
            : (_aqa & 0xFFF) == 0 || (_aqa >> 16 & 0xFFF) == 0 ? "AQA sizes of 1 entry"
            : (_asq & 0xFFF) != 0 || (_acq & 0xFFF) != 0 ? "ASQ/ACQ not page aligned" : null;
        if (problem is not null)
        {
            Violations.Add("enabled with " + problem);
            _csts |= 0x2;
            return;
        }
        CreateAdminQueues();
        if (!ReadyNeverSet) ScheduleReady(true);
    }

    private void CreateAdminQueues()
    {
        SubmissionQueues[0] = new SimulatedNvmeQueue(0, _asq, (int)(_aqa & 0xFFF) + 1) { CompletionQueueId = 0 };
        CompletionQueues[0] = new SimulatedNvmeQueue(0, _acq, (int)(_aqa >> 16 & 0xFFF) + 1) { InterruptsEnabled = true, Vector = 0 };
    }

    private void ScheduleReady(bool ready)
    {
        _readyBecomes = ready;
        _readyChangesAt = Now + ReadyMilliseconds;
        Tick();
    }

    private void Tick()
    {
        if (FailsAt is long failsAt && Now >= failsAt)
        {
            FailsAt = null;
            _csts |= 0x2;
        }
        if (_readyChangesAt < 0 || Now < _readyChangesAt) return;
        _readyChangesAt = -1;
        _csts = _readyBecomes ? _csts | 0x1 : _csts & ~0x1u;
    }

    // 3.1.24/3.1.25: SQyTDBL at 0x1000 + (2y)(4 << DSTRD), CQyHDBL at 0x1000 + (2y + 1)(4 << DSTRD).
    private void Doorbell(ulong offset, uint value)
    {
        ulong stride = 4UL << (int)((Cap >> 32) & 0xF);
        if (offset % stride != 0)
        {
            Violations.Add($"a doorbell write at 0x{0x1000 + offset:x}, between doorbells");
            return;
        }
        int index = (int)(offset / stride), queue = index / 2;
        bool submission = index % 2 == 0;
        if (!Ready || Fatal)
        {
            Violations.Add($"a doorbell written while the controller is not ready (CSTS 0x{_csts:x})");
            return;
        }
        Dictionary<int, SimulatedNvmeQueue> queues = submission ? SubmissionQueues : CompletionQueues;
        if (!queues.TryGetValue(queue, out SimulatedNvmeQueue? target))
        {
            Violations.Add($"the doorbell of {(submission ? "submission" : "completion")} queue {queue}, which does not exist");
            return;
        }
        if (value >= target.Entries)
        {
            Violations.Add($"{(submission ? "submission" : "completion")} queue {queue}'s doorbell set to {value}, beyond its {target.Entries} entries");
            return;
        }
        if (submission)
        {
            SubmissionDoorbellWrites[queue] = SubmissionDoorbellWrites.GetValueOrDefault(queue) + 1;
            target.Tail = (int)value;
            Fetch(target);
            return;
        }
        CompletionDoorbellWrites[queue] = CompletionDoorbellWrites.GetValueOrDefault(queue) + 1;
        target.Head = (int)value;
        while (target.Waiting.Count > 0 && !target.Full)
        {
            var (command, result, status) = target.Waiting.Dequeue();
            Post(target, command, result, status);
        }
    }

    private void Fetch(SimulatedNvmeQueue queue)
    {
        var entry = new byte[64];
        while (queue.Head != queue.Tail && !Fatal)
        {
            if (!Bus.TryRead(queue.Ring + (ulong)queue.Head * 64, entry))
            {
                Violations.Add($"submission queue {queue.Id}'s entry {queue.Head} is unreachable");
                _csts |= 0x2;
                return;
            }
            queue.Head = (queue.Head + 1) % queue.Entries;
            var command = SimulatedNvmeCommand.Parse(queue.Id, entry);
            Fetched.Add(command);
            if (queue.Id != 0 && FailAfterIoCommands is int left && _ioCommandsFetched++ >= left)
            {
                _failAfterIoCommands = null;
                _csts |= 0x2;
                return;
            }
            if (queue.Id == 0 ? HoldAdmin : HoldIo) Held.Add(command);
            else Complete(command, Execute(command));
        }
    }

    private (uint Result, ushort Status) Execute(in SimulatedNvmeCommand command)
    {
        if (command.QueueId == 0) return Admin.Execute(command);
        if (!Namespaces.TryGetValue(command.NamespaceId, out SimulatedNvmeNamespace? space)) return (0, 0x400B);   // invalid namespace or format, DNR
        return space.Execute(this, command);
    }

    // Posts the completion to the submission queue's completion queue (held while it is full).
    public void Complete(in SimulatedNvmeCommand command, (uint Result, ushort Status) outcome)
    {
        SimulatedNvmeQueue completions = CompletionQueues[SubmissionQueues[command.QueueId].CompletionQueueId];
        if (completions.Full || completions.Waiting.Count > 0) completions.Waiting.Enqueue((command, outcome.Result, outcome.Status));
        else Post(completions, command, outcome.Result, outcome.Status);
    }

    // Figure 123: DW0 the result, DW2 SQHD (15:0) and SQID (31:16), DW3 CID (15:0), P (16), status (31:17).
    private void Post(SimulatedNvmeQueue completions, in SimulatedNvmeCommand command, uint result, ushort status)
    {
        ushort commandId = command.CommandId;
        if (NextCompletionForUnissuedCommand)
        {
            NextCompletionForUnissuedCommand = false;
            commandId ^= 0x00C0;
        }
        int head = NextSubmissionHead ?? SubmissionQueues[command.QueueId].Head;
        NextSubmissionHead = null;
        int queueId = NextSubmissionQueueId ?? command.QueueId;
        NextSubmissionQueueId = null;
        var entry = new byte[16];
        BitConverter.GetBytes(result).CopyTo(entry, 0);
        BitConverter.GetBytes((uint)head | (uint)queueId << 16).CopyTo(entry, 8);
        BitConverter.GetBytes(commandId | (uint)completions.Phase << 16 | (uint)status << 17).CopyTo(entry, 12);
        Bus.TryWrite(completions.Ring + (ulong)completions.Tail * 16, entry);
        completions.Tail = (completions.Tail + 1) % completions.Entries;
        if (completions.Tail == 0 && !PhaseNeverInverts) completions.Phase ^= 1;
        if (completions.InterruptsEnabled) InterruptsRaised[completions.Vector]++;
        if (DuplicateNextCompletion)
        {
            DuplicateNextCompletion = false;
            Post(completions, command, result, status);
        }
    }

    public List<(ulong Address, int Bytes)>? WalkPrps(in SimulatedNvmeCommand command, int bytes)
    {
        List<(ulong Address, int Bytes)>? pieces = SimulatedPrp.Walk(ReadQword, command.Prp1, command.Prp2, bytes, out string? problem);
        if (problem is not null) Violations.Add($"command 0x{command.Opcode:x2} (cid 0x{command.CommandId:x4}): {problem}");
        return pieces;
    }

    private bool ReadQword(ulong address, out ulong value)
    {
        var bytes = new byte[8];
        bool read = Bus.TryRead(address, bytes);
        value = BitConverter.ToUInt64(bytes);
        return read;
    }
}
