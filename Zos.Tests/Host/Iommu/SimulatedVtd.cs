using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Iommu;

// A VT-d remapping unit shaped like QEMU 7.2's intel-iommu (CAP, ECAP, one
// fault record at 0x220, IOTLB registers at 0xF0), written from the VT-d 3.4
// specification's register layout (chapter 10) as literals, never from the
// kernel's constants. DMA from a device (by source id) goes through it as the
// hardware does: with translation on, root entry → context entry → the
// second-level tables (SecondLevelWalk); translations and context entries
// are cached until invalidated (QEMU caches them too), and a blocked access
// leaves memory untouched and fills the fault record. Commands complete after
// a few reads of their status; a register write while one is pending, which
// the specification forbids, is logged as a protocol error.
public sealed class SimulatedVtd : SimulatedRegisterFile
{
    public const ulong QemuCapabilities = 0x00D2008C22260206;
    public const ulong QemuExtendedCapabilities = 0xF00F4A;
    private const int CompletionReads = 2;

    private readonly SimulatedPhysicalMemory _memory;
    private readonly Dictionary<ushort, (ushort DomainId, ulong TableRoot)> _contextCache = new();
    private readonly Dictionary<(ushort DomainId, ulong Page), SecondLevelWalk.Translation> _iotlb = new();
    private uint _status;                  // GSTS, 0x1C
    private ulong _rootTableAddress;       // RTADDR, 0x20
    private ulong _contextCommand;         // CCMD, 0x28
    private ulong _invalidateAddress;      // IVA, 0xF0
    private ulong _iotlbCommand;           // IOTLB_REG, 0xF8
    private uint _faultStatus;             // FSTS, 0x34: PFO bit 0 (PPF is derived from the record)
    private uint _faultEventControl = 1u << 31;   // FECTL, 0x38: IM set at reset (10.4.10), IP bit 30
    private uint _faultEventData;          // FEDATA, 0x3C (10.4.11)
    private ulong _faultEventAddress;      // FEADDR 0x40 and FEUADDR 0x44 (10.4.12, 10.4.13)
    private ulong _recordLow, _recordHigh; // the one fault record, 0x220..0x22F
    private string? _pending;              // the command in progress
    private ulong _pendingValue;           // and the register value that started it
    private int _readsUntilDone;

    public SimulatedVtd(SimulatedPhysicalMemory memory, ulong capabilities = QemuCapabilities, ulong extendedCapabilities = QemuExtendedCapabilities)
    {
        _memory = memory;
        Capabilities = capabilities;
        ExtendedCapabilities = extendedCapabilities;
    }

    public ulong Capabilities { get; }
    public ulong ExtendedCapabilities { get; }
    // What the unit did, in order: "root table 0x...", "SRTP", "TE on", "context cache global", "iotlb page did 1 0x4000 mask 1 drain".
    public List<string> Events { get; } = new();
    // Writes that arrived while a command was still in progress.
    public List<string> ProtocolErrors { get; } = new();
    public bool TranslationEnabled => (_status & (1u << 31)) != 0;
    public bool CommandPending => _pending is not null;
    // A broken unit: commands never complete (their status bit never changes).
    public bool CommandsNeverComplete { get; set; }
    // A unit that completes invalidations without performing them (CAIG/IAIG 0).
    public bool RefusesInvalidations { get; set; }

    public override ulong Read(ulong offset, int width)
    {
        if (_pending is not null && !CommandsNeverComplete && --_readsUntilDone <= 0) Complete();
        return offset switch
        {
            0x00 => 0x10,                                  // VER 1.0
            0x08 => Capabilities,
            0x10 => ExtendedCapabilities,
            0x1C => _status,
            0x20 => _rootTableAddress,
            0x28 => _contextCommand,
            0x34 => _faultStatus | ((_recordHigh >> 63) << 1),   // PPF (bit 1) while a record has F; FRI (15:8) 0
            0x38 => _faultEventControl,
            0x3C => _faultEventData,
            0x40 => _faultEventAddress & 0xFFFF_FFFF,
            0x44 => _faultEventAddress >> 32,
            0xF0 => _invalidateAddress,
            0xF8 => _iotlbCommand,
            0x220 => _recordLow,
            0x228 => _recordHigh,
            _ => 0,
        };
    }

    public override void Write(ulong offset, int width, ulong value)
    {
        if (_pending is not null) ProtocolErrors.Add($"write of 0x{value:x} at 0x{offset:x} while {_pending} is in progress");
        switch (offset)
        {
            case 0x18: GlobalCommand((uint)value); break;
            case 0x20: _rootTableAddress = value; break;
            case 0x28 when (value & (1UL << 63)) != 0: Start("context", value); _contextCommand = value; break;
            case 0x34: _faultStatus &= ~((uint)value & 1); break;                       // PFO is write-1-to-clear
            case 0x38: _faultEventControl = (uint)value & (1u << 31) | (_faultEventControl & (1u << 30)); break;
            case 0x3C: _faultEventData = (uint)value; break;
            case 0x40: _faultEventAddress = (_faultEventAddress & ~0xFFFF_FFFFUL) | (uint)value; break;
            case 0x44: _faultEventAddress = (_faultEventAddress & 0xFFFF_FFFFUL) | value << 32; break;
            case 0xF0: _invalidateAddress = value; break;
            case 0xF8 when (value & (1UL << 63)) != 0: Start("iotlb", value); _iotlbCommand = value; break;
            case 0x22C when (value & (1UL << 31)) != 0: _recordHigh &= ~(1UL << 63); break;  // F (bit 127) is write-1-to-clear
        }
    }

    // A device's memory access at a device address within one page: true when
    // translated and done, false when blocked (memory untouched, fault recorded).
    public bool DmaWrite(ushort sourceId, ulong address, byte[] data) => Access(sourceId, address, write: true, data);

    public bool DmaRead(ushort sourceId, ulong address, byte[] into) => Access(sourceId, address, write: false, into);

    private bool Access(ushort sourceId, ulong address, bool write, byte[] data)
    {
        ulong physical = address;
        if (TranslationEnabled)
        {
            byte reason = Translate(sourceId, address, write, out physical);
            if (reason != 0)
            {
                RecordFault(sourceId, address, write, reason);
                return false;
            }
        }
        for (int i = 0; i < data.Length; i++)
            if (write) _memory.Poke(physical + (ulong)i, data[i], 1);
            else data[i] = (byte)_memory.Peek(physical + (ulong)i, 1);
        return true;
    }

    // 0, or the fault reason (appendix A): 1 root entry not present, 2 context
    // entry not present, 3 invalid context entry, 5 write / 6 read not permitted.
    private byte Translate(ushort sourceId, ulong address, bool write, out ulong physical)
    {
        physical = 0;
        if (!_contextCache.TryGetValue(sourceId, out var context))
        {
            ulong root = _memory.Peek((_rootTableAddress & ~0xFFFUL) + (ulong)(sourceId >> 8) * 16, 8);
            if ((root & 1) == 0) return 1;
            ulong entry = (root & 0x000F_FFFF_FFFF_F000) + (ulong)(sourceId & 0xFF) * 16;
            ulong low = _memory.Peek(entry, 8), high = _memory.Peek(entry + 8, 8);
            if ((low & 1) == 0) return 2;
            // 9.3: TT (3:2) 0 = second-level translation; AW (66:64) 1 = 39-bit, the only width QEMU's CAP.SAGAW offers.
            if (((low >> 2) & 3) != 0 || (high & 7) != 1) return 3;
            context = ((ushort)(high >> 8), low & 0x000F_FFFF_FFFF_F000);
            _contextCache[sourceId] = context;
        }
        if (address >> 39 != 0) return 4;
        if (!_iotlb.TryGetValue((context.DomainId, address >> 12), out var translation))
        {
            if (!SecondLevelWalk.TryWalk(_memory, context.TableRoot, address & ~0xFFFUL, out translation)) return write ? (byte)5 : (byte)6;
            _iotlb[(context.DomainId, address >> 12)] = translation;
        }
        if (write ? !translation.Write : !translation.Read) return write ? (byte)5 : (byte)6;
        physical = translation.Physical | (address & 0xFFF);
        return 0;
    }

    // 7.3.1 with one record: the first fault fills it; another while F is set only sets FSTS.PFO.
    private void RecordFault(ushort sourceId, ulong address, bool write, byte reason)
    {
        if ((_recordHigh & (1UL << 63)) != 0)
        {
            _faultStatus |= 1;
            return;
        }
        _recordLow = address & ~0xFFFUL;
        _recordHigh = 1UL << 63 | (write ? 0 : 1UL << 62) | (ulong)reason << 32 | sourceId;
        // 7.3.1/10.4.10: a new record raises the fault event: the message FEDATA at FEADDR, or, masked, FECTL.IP.
        if ((_faultEventControl & (1u << 31)) == 0) Events.Add($"fault event 0x{_faultEventAddress:x} data 0x{_faultEventData:x}");
        else _faultEventControl |= 1u << 30;
    }

    private void GlobalCommand(uint command)
    {
        // 10.4.4: TE is a level (clearing it turns translation off); SRTP a one-shot whose status reports completion.
        if ((command & (1u << 30)) != 0)
        {
            _status &= ~(1u << 30);
            Start("SRTP", command);
        }
        bool enable = (command & (1u << 31)) != 0;
        if (enable != TranslationEnabled)
        {
            if (enable) Start("TE on", command);
            else
            {
                _status &= ~(1u << 31);
                Events.Add("TE off");
            }
        }
    }

    private void Start(string command, ulong value)
    {
        _pending = command;
        _readsUntilDone = CompletionReads;
        _pendingValue = value;
    }

    private void Complete()
    {
        string command = _pending!;
        _pending = null;
        ulong value = _pendingValue;
        switch (command)
        {
            case "SRTP":
                Events.Add($"root table 0x{_rootTableAddress & ~0xFFFUL:x}");
                _status |= 1u << 30;
                break;
            case "TE on":
                Events.Add("TE on");
                _status |= 1u << 31;
                break;
            case "context":
                ulong granularity = (value >> 61) & 3;
                ushort domain = (ushort)value, source = (ushort)(value >> 16);
                foreach (var key in _contextCache.Keys.ToList())
                    if (granularity == 1 || (granularity == 2 && _contextCache[key].DomainId == domain) || (granularity == 3 && key == source))
                        _contextCache.Remove(key);
                Events.Add(granularity switch { 1 => "context cache global", 2 => $"context cache did {domain}", _ => $"context cache sid 0x{source:x}" });
                _contextCommand = RefusesInvalidations ? 0 : granularity << 59;       // ICC clear, CAIG = what was done
                break;
            case "iotlb":
                ulong iotlbGranularity = (value >> 60) & 3;
                ushort did = (ushort)(value >> 32);
                int mask = (int)(_invalidateAddress & 0x3F);
                ulong firstPage = _invalidateAddress >> 12 & ~((1UL << mask) - 1);
                foreach (var key in _iotlb.Keys.ToList())
                    if (iotlbGranularity == 1 || (key.DomainId == did && (iotlbGranularity == 2 || (key.Page >= firstPage && key.Page < firstPage + (1UL << mask)))))
                        _iotlb.Remove(key);
                string drain = (value & (3UL << 48)) == 3UL << 48 ? " drain" : "";
                Events.Add(iotlbGranularity switch
                {
                    1 => "iotlb global" + drain,
                    2 => $"iotlb did {did}" + drain,
                    _ => $"iotlb page did {did} 0x{firstPage << 12:x} mask {mask}" + drain,
                });
                _iotlbCommand = RefusesInvalidations ? 0 : iotlbGranularity << 57;    // IVT clear, IAIG = what was done
                break;
        }
    }
}
