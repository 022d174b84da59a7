namespace Zos.Tests.Host.Ahci;

// One port of the simulated HBA: its registers (AHCI 1.3.1, 3.3, offsets
// from the port's base), its two engines, its link and the device behind it.
// It reads the command list and tables from memory by device address and
// posts FISes into the received FIS area, as the spec says an HBA does, and
// refuses what it says software must not do (recorded in Violations).
// Offsets, bits and FIS layouts are literals from the specs, never the
// driver's constants.
public sealed class SimulatedAhciPort
{
    private readonly SimulatedAhciHba _hba;
    private readonly SimulatedBusMemory _bus;
    private uint _clb, _clbu, _fb, _fbu, _ie, _cmd, _sctl, _serr, _sact, _ci;
    private ulong _listAddress, _fisAddress;
    private bool _halted;
    private long _crClearsAt = -1, _frClearsAt = -1, _comResetAt = -1, _linkUpAt = -1;
    private bool _hung;

    public SimulatedAhciPort(SimulatedAhciHba hba, int index, SimulatedBusMemory bus)
    {
        _hba = hba;
        Index = index;
        _bus = bus;
        PowerOn();
    }

    public int Index { get; }
    public SimulatedSataDevice? Device { get; private set; }
    public uint InterruptStatus { get; private set; }
    public uint TaskFile { get; private set; }
    public uint Signature { get; private set; }
    public uint SataStatus { get; private set; }
    public uint Command => _cmd;
    public uint CommandIssue => _ci;
    public uint SataActive => _sact;
    public uint SataError => _serr;
    // What software did that AHCI 1.3.1 says it must not; the happy paths expect none.
    public List<string> Violations { get; } = new();
    // Commands fetched from the list: slot and command code, in order.
    public List<(int Slot, byte Command)> Fetched { get; } = new();
    // How long the engines take to stop after ST/FRE are cleared; a negative value: never.
    public int CommandListStopMilliseconds { get; set; }
    public int FisReceiveStopMilliseconds { get; set; }
    // Survives an HBA reset too (a truly wedged port).
    public bool StuckThroughHbaReset { get; set; }
    // Queued commands wait for CompleteQueued instead of finishing at once.
    public bool HoldQueuedCompletions { get; set; }
    // The device takes commands and never answers (BSY) until a COMRESET.
    public bool DeviceHangs { get; set; }
    // Misbehaviour: PxCI reads show these bits too, as if the HBA ran slots nobody issued.
    public uint PhantomIssued { get; set; }
    // Misbehaviour: the next Set Device Bits FIS also names these tags.
    public uint ExtraCompletedTags { get; set; }
    // Misbehaviour: the next non-queued data command reports this PRDBC instead of what moved.
    public uint? ReportedByteCount { get; set; }
    public List<int> HeldQueued { get; } = new();
    // PxCI writes are only recorded; FetchIssued processes them (to look at the engine's side alone).
    public bool DeferFetch { get; set; }
    // The PRDT of the last command fetched, as the HBA decoded it.
    public IReadOnlyList<(ulong Address, int Bytes)> LastPrdt { get; private set; } = Array.Empty<(ulong, int)>();

    private readonly Dictionary<int, (SimulatedTaskFile TaskFile, List<(ulong Address, int Bytes)> Prdt, bool Write)> _queued = new();
    // SATA 3.x 13.6.3.2: after a queued command fails, the device aborts every
    // command until the host reads log page 10h (READ LOG EXT) or resets it.
    private bool _ncqErrorLatched;

    public void Attach(SimulatedSataDevice? device)
    {
        Device = device;
        LinkUp();
    }

    // The state firmware leaves: SeaBIOS keeps its boot disk's port running
    // (PxCMD 0xC017: ST, SUD, POD, FRE, FR, CR) with its lists in BIOS memory.
    public void LeaveRunningByFirmware(ulong listAddress, ulong fisAddress)
    {
        _clb = (uint)listAddress;
        _fb = (uint)fisAddress;
        _listAddress = listAddress;
        _fisAddress = fisAddress;
        _cmd = 0x0000C017;
    }

    public uint Read(ulong offset) => offset switch
    {
        0x00 => _clb,
        0x04 => _clbu,
        0x08 => _fb,
        0x0C => _fbu,
        0x10 => InterruptStatus,
        0x14 => _ie,
        0x18 => _cmd,
        0x20 => TaskFile,
        0x24 => Signature,
        0x28 => SataStatus,
        0x2C => _sctl,
        0x30 => _serr,
        0x34 => _sact,
        0x38 => _ci | PhantomIssued,
        _ => 0,
    };

    public void Write(ulong offset, uint value)
    {
        switch (offset)
        {
            case 0x00:   // PxCLB: bits 9:0 reserved (1 KiB aligned); software must not change it while ST is set (3.3.1)
                if ((_cmd & 0x1) != 0) Violations.Add("PxCLB written while PxCMD.ST is set");
                else _clb = value & ~0x3FFu;
                break;
            case 0x04:
                if ((_cmd & 0x1) != 0) Violations.Add("PxCLBU written while PxCMD.ST is set");
                else _clbu = value;
                break;
            case 0x08:   // PxFB: bits 7:0 reserved (256-byte aligned) without FIS-based switching; not while FRE is set (3.3.3)
                if ((_cmd & 0x10) != 0) Violations.Add("PxFB written while PxCMD.FRE is set");
                else _fb = value & ~0xFFu;
                break;
            case 0x0C:
                if ((_cmd & 0x10) != 0) Violations.Add("PxFBU written while PxCMD.FRE is set");
                else _fbu = value;
                break;
            case 0x10:   // PxIS: write 1 to clear (3.3.5)
                InterruptStatus &= ~value;
                _hba.UpdateInterrupt();
                break;
            case 0x14:
                _ie = value & 0xFDC000FF;
                _hba.UpdateInterrupt();
                break;
            case 0x18:
                WriteCommand(value);
                break;
            case 0x2C:
                WriteSataControl(value);
                break;
            case 0x30:   // PxSERR: write 1 to clear (3.3.12)
                _serr &= ~value;
                break;
            case 0x34:   // PxSACT: software sets bits, only with ST set (3.3.13)
                if ((_cmd & 0x1) == 0) Violations.Add("PxSACT written while PxCMD.ST is clear");
                else _sact |= value;
                break;
            case 0x38:   // PxCI: software sets bits, only with ST set (3.3.14)
                if ((_cmd & 0x1) == 0) Violations.Add("PxCI written while PxCMD.ST is clear");
                else IssueSlots(value & ~_ci);
                break;
            default:
                Violations.Add($"write of 0x{value:x} to read-only or reserved port register 0x{offset:x}");
                break;
        }
    }

    // Time passes: engines finish stopping, links come up.
    public void Tick(long now)
    {
        if (_crClearsAt >= 0 && now >= _crClearsAt)
        {
            _cmd &= ~0x8000u;   // CR
            _crClearsAt = -1;
        }
        if (_frClearsAt >= 0 && now >= _frClearsAt)
        {
            _cmd &= ~0x4000u;   // FR
            _frClearsAt = -1;
        }
        if (_linkUpAt >= 0 && now >= _linkUpAt)
        {
            _linkUpAt = -1;
            LinkUp();
            if (Device is not null)
            {
                _serr |= 1u << 26;                  // DIAG.X: COMINIT received (3.3.12)
                SetInterrupt(1u << 6);              // PCS: port connect change (3.3.5)
            }
        }
    }

    // GHC.HR (10.4.3): every port back to its power-on state, links re-established.
    public void HbaReset()
    {
        if (StuckThroughHbaReset) return;
        CommandListStopMilliseconds = 0;
        FisReceiveStopMilliseconds = 0;
        PowerOn();
        LinkUp();
    }

    // The queued commands the device holds, finished in the order given (a Set Device Bits FIS each).
    public void CompleteQueued(params int[] tags)
    {
        foreach (int tag in tags)
        {
            if (!_queued.Remove(tag, out var command)) throw new InvalidOperationException($"tag {tag} is not held");
            HeldQueued.Remove(tag);
            ExecuteQueued(tag, command.TaskFile, command.Prdt, command.Write);
        }
    }

    private void PowerOn()
    {
        _clb = _clbu = _fb = _fbu = _ie = _sctl = _serr = _sact = _ci = 0;
        _listAddress = _fisAddress = 0;
        _cmd = 0x00000006;   // SUD and POD read 1 without staggered spin-up / cold presence (3.3.7)
        InterruptStatus = 0;
        _halted = false;
        _hung = false;
        _crClearsAt = _frClearsAt = _linkUpAt = -1;
        _queued.Clear();
        HeldQueued.Clear();
        TaskFile = 0x7F;
        Signature = 0xFFFFFFFF;
        SataStatus = 0;
    }

    // The device answered the link: DET 3, Gen 1, IPM active (3.3.10), and
    // its first D2H Register FIS sets PxSIG and PxTFD (3.3.9).
    private void LinkUp()
    {
        _ncqErrorLatched = false;
        if (Device is null)
        {
            SataStatus = 0;
            TaskFile = 0x7F;
            return;
        }
        SataStatus = 0x113;
        Signature = Device.Signature;
        TaskFile = Device.ReadyStatus;
        _hung = false;
        uint sig = Device.Signature;
        PostFis(0x40, new byte[] { 0x34, 0x00, Device.ReadyStatus, 0x01, (byte)(sig >> 8), (byte)(sig >> 16), (byte)(sig >> 24), 0, 0, 0, 0, 0,
            (byte)sig, 0, 0, 0, 0, 0, 0, 0 });
    }

    private void WriteCommand(uint value)
    {
        uint old = _cmd;
        // Writable: ST (0), CLO (3), FRE (4), ATAPI (24) and a few others this HBA does not implement; SUD/POD stay 1.
        _cmd = (_cmd & ~0x01000019u) | (value & 0x01000019u) | 0x6;
        if ((value & 0xF0000000) != 0) Violations.Add($"PxCMD.ICC written 0x{value >> 28:x}: a power state change nobody asked for");
        if ((value & 0x8) != 0)
        {
            Violations.Add("PxCMD.CLO set, but CAP.SCLO is 0");
            _cmd &= ~0x8u;
        }
        bool stOn = (old & 0x1) == 0 && (_cmd & 0x1) != 0, stOff = (old & 0x1) != 0 && (_cmd & 0x1) == 0;
        bool freOn = (old & 0x10) == 0 && (_cmd & 0x10) != 0, freOff = (old & 0x10) != 0 && (_cmd & 0x10) == 0;
        if (freOn)
        {
            // The FIS area is mapped when FRE is set (QEMU maps it then; 10.1.2 step 5).
            _fisAddress = (ulong)_fbu << 32 | _fb;
            _cmd |= 0x4000;   // FR
            _frClearsAt = -1;
        }
        if (freOff)
        {
            if ((_cmd & 0x1) != 0) Violations.Add("PxCMD.FRE cleared while ST is set (3.3.7)");
            if (FisReceiveStopMilliseconds >= 0) _frClearsAt = _hba.Now + FisReceiveStopMilliseconds;
            Tick(_hba.Now);
        }
        if (stOn)
        {
            // 10.3.1: not without FRE, a device (DET 3), and BSY and DRQ clear.
            string? refusal = (_cmd & 0x10) == 0 ? "PxCMD.ST set while FRE is clear"
                : (SataStatus & 0xF) != 3 ? "PxCMD.ST set without a device (PxSSTS.DET not 3)"
                : (TaskFile & 0x88) != 0 ? $"PxCMD.ST set while PxTFD shows BSY or DRQ (0x{TaskFile:x})" : null;
            if (refusal is not null)
            {
                Violations.Add(refusal);
                _cmd &= ~0x1u;
            }
            else
            {
                // The command list is mapped when ST is set.
                _listAddress = (ulong)_clbu << 32 | _clb;
                _cmd |= 0x8000;   // CR
                _crClearsAt = -1;
                _halted = false;
            }
        }
        if (stOff)
        {
            // 3.3.13/3.3.14: clearing ST clears PxCI and PxSACT; CCS goes back to 0.
            _ci = 0;
            _sact = 0;
            _cmd &= ~0x1F00u;
            _queued.Clear();
            HeldQueued.Clear();
            _halted = false;
            if (CommandListStopMilliseconds >= 0) _crClearsAt = _hba.Now + CommandListStopMilliseconds;
            Tick(_hba.Now);
        }
    }

    // PxSCTL.DET (3.3.11): 1 sends COMRESET while held; back to 0 lets the
    // link come up. Held less than 1 ms, no COMRESET was sent (10.4.2).
    private void WriteSataControl(uint value)
    {
        uint oldDet = _sctl & 0xF, det = value & 0xF;
        _sctl = value & 0xFFF;
        if (oldDet == 0 && det == 1)
        {
            if ((_cmd & 0x1) != 0) Violations.Add("COMRESET with PxCMD.ST set (3.3.11: only while ST is clear)");
            _comResetAt = _hba.Now;
            SataStatus = Device is null ? 0 : 0x1u;   // presence, no communication
            TaskFile = 0x80;
        }
        else if (oldDet == 1 && det == 0)
        {
            if (_hba.Now - _comResetAt < 1)
            {
                Violations.Add($"PxSCTL.DET held at 1 for {_hba.Now - _comResetAt} ms; COMRESET needs at least 1 ms");
                if (!_hung) LinkUp();
                return;
            }
            _linkUpAt = _hba.Now + 1;
        }
    }

    public void FetchIssued()
    {
        for (int slot = 0; slot < 32; slot++)
            if ((_ci & (1u << slot)) != 0 && !_halted) Fetch(slot);
    }

    private void IssueSlots(uint slots)
    {
        _ci |= slots;
        if (_listAddress == 0) Violations.Add("PxCI set with no command list mapped");
        if (DeferFetch) return;
        for (int slot = 0; slot < 32; slot++)
            if ((slots & (1u << slot)) != 0 && !_halted) Fetch(slot);
    }

    private void Fetch(int slot)
    {
        if (_halted || (_ci & (1u << slot)) == 0) return;
        _cmd = (_cmd & ~0x1F00u) | (uint)slot << 8;   // CCS (3.3.7): the slot being processed
        // The command header (4.2.2): DW0 CFL 4:0, A 5, W 6, PRDTL 31:16; DW2/3 CTBA.
        ulong header = _listAddress + (ulong)slot * 32;
        if (!_bus.TryRead32(header, out uint dw0) || !_bus.TryRead32(header + 8, out uint ctba) || !_bus.TryRead32(header + 12, out uint ctbau))
        {
            HostBusFatal();
            return;
        }
        ulong table = (ulong)ctbau << 32 | (ctba & ~0x7Fu);   // CTBA bits 6:0 are reserved: 128-byte aligned
        int cfl = (int)(dw0 & 0x1F), prdtl = (int)(dw0 >> 16);
        bool atapi = (dw0 & 0x20) != 0, write = (dw0 & 0x40) != 0;
        var fis = new byte[64];
        var acmd = new byte[16];
        if (!_bus.TryRead(table, fis) || !_bus.TryRead(table + 0x40, acmd))
        {
            HostBusFatal();
            return;
        }
        var prdt = new List<(ulong Address, int Bytes)>();
        for (int i = 0; i < prdtl; i++)
        {
            // PRD entry (4.2.3.3): DBA (bit 0 reserved), DBAU, reserved, DW3 DBC 21:0 (count - 1, bit 0 always 1).
            ulong entry = table + 0x80 + (ulong)i * 16;
            if (!_bus.TryRead32(entry, out uint dba) || !_bus.TryRead32(entry + 4, out uint dbau) || !_bus.TryRead32(entry + 12, out uint dw3))
            {
                HostBusFatal();
                return;
            }
            if ((dba & 1) != 0) Violations.Add($"slot {slot} PRD {i}: odd data address 0x{dba:x}");
            if ((dw3 & 1) == 0) Violations.Add($"slot {slot} PRD {i}: DBC 0x{dw3 & 0x3FFFFF:x} is even (an odd byte count)");
            prdt.Add(((ulong)dbau << 32 | (dba & ~1u), (int)(dw3 & 0x3FFFFF) + 1));
        }
        Fetched.Add((slot, fis[2]));
        LastPrdt = prdt;
        // Only the Register H2D FIS (type 0x27) with the C bit is executed (QEMU; SATA 3.x 10.5.5).
        string? problem = fis[0] != 0x27 ? $"slot {slot}: FIS type 0x{fis[0]:x}, not a Register H2D FIS"
            : (fis[1] & 0x80) == 0 ? $"slot {slot}: Register H2D FIS without the C bit"
            : cfl < 5 || cfl > 16 ? $"slot {slot}: CFL {cfl} dwords for a 5-dword FIS" : null;
        SimulatedTaskFile taskFile = SimulatedTaskFile.Decode(fis);
        if (problem is null && (taskFile.Command == 0x60 || taskFile.Command == 0x61))
        {
            int tag = (taskFile.Count >> 3) & 0x1F;
            problem = tag != slot ? $"slot {slot}: NCQ tag {tag} (count bits 7:3) is not the slot"
                : (_sact & (1u << slot)) == 0 ? $"slot {slot}: NCQ command issued without its PxSACT bit"
                : (taskFile.Device & 0x40) == 0 ? $"slot {slot}: NCQ command without device bit 6" : null;
            if (problem is null && write != (taskFile.Command == 0x61)) problem = $"slot {slot}: W bit {write} for command 0x{taskFile.Command:x}";
            if (problem is null)
            {
                // The device accepts it: a D2H Register FIS with BSY clear releases PxCI (5.3.8); the data and SDB come later.
                _ci &= ~(1u << slot);
                TaskFile = 0x40;
                if (HoldQueuedCompletions || _hung || DeviceHangs)
                {
                    _queued[slot] = (taskFile, prdt, write);
                    HeldQueued.Add(slot);
                }
                else ExecuteQueued(slot, taskFile, prdt, write);
                return;
            }
        }
        if (problem is not null)
        {
            Violations.Add(problem);
            EndNonQueued(slot, SimulatedAtaResult.Aborted(), 0, pio: false);
            return;
        }
        if (DeviceHangs)
        {
            _hung = true;
            TaskFile = 0x80;   // BSY, forever
            return;
        }
        var data = new DataPhase(this, prdt);
        SimulatedAtaResult result = _ncqErrorLatched ? SimulatedAtaResult.Aborted() : Device!.Execute(taskFile, acmd, atapi, data);
        if (data.Fatal != 0)
        {
            Halt(data.Fatal);
            return;
        }
        if (write != (taskFile.Command is 0x35 or 0xCA)) Violations.Add($"slot {slot}: W bit {write} for command 0x{taskFile.Command:x}");
        EndNonQueued(slot, result, data.Moved, pio: taskFile.Command is 0xEC or 0xA1);
    }

    // A non-queued command ends with a D2H Register FIS (SATA 3.x 10.5.6):
    // PRDBC holds what moved (4.2.2), PxTFD the status and error; on success
    // PxCI's bit clears, on error it stays and the port stops (TFES, 6.1.2).
    private void EndNonQueued(int slot, SimulatedAtaResult result, int moved, bool pio)
    {
        ulong header = _listAddress + (ulong)slot * 32;
        uint byteCount = ReportedByteCount ?? (uint)moved;
        ReportedByteCount = null;
        _bus.TryWrite32(header + 4, byteCount);
        TaskFile = (uint)result.Status | (uint)result.Error << 8;
        ulong lba = result.Lba;
        PostFis(0x40, new byte[] { 0x34, 0x40, result.Status, result.Error, (byte)lba, (byte)(lba >> 8), (byte)(lba >> 16), 0x40,
            (byte)(lba >> 24), (byte)(lba >> 32), (byte)(lba >> 40), 0, 0, 0, 0, 0, 0, 0, 0, 0 });
        if (result.IsError)
        {
            Halt(1u << 30);   // TFES
            return;
        }
        _ci &= ~(1u << slot);
        SetInterrupt(pio ? 0x3u : 0x1u);   // DHRS (and PSS for PIO data-in)
    }

    // A queued command's data phase and its Set Device Bits FIS (SATA 3.x
    // 10.5.7): bytes 0-3 type 0xA1, I bit, status, error; bytes 4-7 the
    // completed tags. An error completes nothing: PxSACT's bit stays, as QEMU does.
    private void ExecuteQueued(int slot, SimulatedTaskFile taskFile, List<(ulong Address, int Bytes)> prdt, bool write)
    {
        if (_halted) return;
        var data = new DataPhase(this, prdt);
        SimulatedAtaResult result = _ncqErrorLatched ? SimulatedAtaResult.Aborted() : Device!.Execute(taskFile, Array.Empty<byte>(), false, data);
        if (data.Fatal != 0)
        {
            Halt(data.Fatal);
            return;
        }
        if (result.IsError) _ncqErrorLatched = true;
        uint completed = result.IsError ? 0 : 1u << slot;
        completed |= ExtraCompletedTags;
        ExtraCompletedTags = 0;
        var sdb = new byte[8];
        sdb[0] = 0xA1;
        sdb[1] = 0x40;
        sdb[2] = (byte)(result.Status & 0x77);   // status bits 6:4 and 2:0
        sdb[3] = result.Error;
        BitConverter.GetBytes(completed).CopyTo(sdb, 4);
        PostFis(0x58, sdb);
        _sact &= ~(1u << slot) | (result.IsError ? 1u << slot : 0);
        TaskFile = (uint)result.Status | (uint)result.Error << 8;
        if (result.IsError)
        {
            SetInterrupt(0x8);   // SDBS
            Halt(1u << 30);      // TFES
            return;
        }
        SetInterrupt(0x8);
    }

    private void PostFis(int offset, byte[] fis)
    {
        // The received FIS area is written only while FIS receive is enabled (3.3.7 FRE).
        if ((_cmd & 0x10) == 0 || _fisAddress == 0) return;
        if (!_bus.TryWrite(_fisAddress + (ulong)offset, fis)) HostBusFatal();
    }

    private void HostBusFatal() => Halt(1u << 29);   // HBFS (6.1.1)

    // A fatal error: the HBA stops processing the list until ST goes 0 then 1 (6.1, 6.2.2).
    private void Halt(uint status)
    {
        _halted = true;
        SetInterrupt(status);
    }

    private void SetInterrupt(uint bits)
    {
        InterruptStatus |= bits;
        _hba.UpdateInterrupt();
    }

    public bool InterruptPending => (InterruptStatus & _ie) != 0;

    // Moves data between the device and the PRDT's regions, in order.
    private sealed class DataPhase(SimulatedAhciPort port, List<(ulong Address, int Bytes)> prdt) : SimulatedDataPhase
    {
        public int Moved { get; private set; }
        public uint Fatal { get; private set; }

        private int Capacity => prdt.Sum(entry => entry.Bytes);

        public bool ToHost(ReadOnlySpan<byte> data)
        {
            if (data.Length > Capacity)
            {
                // More data than the PRDT describes: OFS (3.3.5 bit 24), a fatal error.
                Fatal = 1u << 24;
                return false;
            }
            int done = 0;
            foreach (var (address, bytes) in prdt)
            {
                if (done == data.Length) break;
                int piece = Math.Min(bytes, data.Length - done);
                if (!port._bus.TryWrite(address, data.Slice(done, piece)))
                {
                    Fatal = 1u << 29;
                    return false;
                }
                done += piece;
            }
            Moved += done;
            return true;
        }

        public byte[]? FromHost(int count)
        {
            // A PRDT shorter than the write: the device aborts the command (QEMU: an error with an interrupt).
            if (count > Capacity) return null;
            var data = new byte[count];
            int done = 0;
            foreach (var (address, bytes) in prdt)
            {
                if (done == count) break;
                int piece = Math.Min(bytes, count - done);
                if (!port._bus.TryRead(address, data.AsSpan(done, piece)))
                {
                    Fatal = 1u << 29;
                    return null;
                }
                done += piece;
            }
            Moved += done;
            return data;
        }
    }
}
