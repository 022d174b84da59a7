using System;
using System.Threading;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Ahci
{
    // One port of an AHCI HBA: its engines (command list DMA, FIS receive),
    // its link (detection, COMRESET), the commands in its 32 slots and the
    // recovery after an error (AHCI 1.3.1, sections 5, 6.2.2, 10.1-10.4).
    //
    // The engine keeps its own record of what it issued, so a device or HBA
    // that reports something it was never asked to do gets an
    // AhciProtocolException naming it, thrown before that record changes.
    // Errors of commands (the device's, the bus's) are AhciCommandErrors; the
    // calls a correct driver never makes (a busy slot, an unattached port)
    // throw ArgumentException or InvalidOperationException.
    //
    // Not thread-safe: the driver's one I/O thread calls it. Issue and Poll
    // allocate nothing; errors and recovery do.
    public sealed class AhciPort
    {
        // 10.1.2, 10.3.2: CR and FR clear within 500 ms of ST and FRE.
        public const int EngineStopMilliseconds = 500;
        // 10.4.2: DET=1 held at least 1 ms sends a COMRESET.
        public const int ComResetHoldMilliseconds = 1;
        // How long a link may take to come back after a COMRESET (SATA OOB takes microseconds; 1 s is generous).
        public const int LinkUpMilliseconds = 1000;
        // How long a device may stay busy after a reset (spin-up): ATA allows up to 31 s; QEMU answers at once.
        public const int DeviceReadyMilliseconds = 10000;
        public const uint AllSlots = 0xFFFFFFFF;

        // PxCMD bits a read-modify-write must not write back: ICC (31:28) starts a
        // power state transition when non-zero, CLO an override.
        private const uint CmdNotWrittenBack = 0xF0000000u | AhciPortRegisters.CmdCommandListOverride;
        // The command FIS's place in the table: 5 dwords.
        private const int FisDwords = RegisterH2DFis.Dwords;

        private readonly MmioRegion _abar;
        private readonly ulong _base;
        private readonly AhciHbaCapabilities _capabilities;
        private readonly IDeviceDelay _delay;
        private readonly byte[] _header = new byte[AhciCommandHeader.Bytes];
        private readonly AtaCommand[] _commands = new AtaCommand[32];
        private readonly int[] _bytes = new int[32];
        private readonly AhciCommandError[] _errors = new AhciCommandError[32];
        private byte[] _table;
        private AhciPortMemory _memory;
        private uint _usable;
        private uint _issued;
        private uint _queued;
        private bool _halted;
        private int _queueDepth = 32;
        private AhciCommandError _haltError;
        private int _failedSlot = -1;

        public AhciPort(MmioRegion abar, int index, AhciHbaCapabilities capabilities, IDeviceDelay delay)
        {
            if (!capabilities.IsImplemented(index)) throw new ArgumentOutOfRangeException("index", "port " + index.ToString() + " is not implemented (PI 0x"
                + capabilities.PortsImplemented.ToString("x") + ")");
            _abar = abar;
            Index = index;
            _base = AhciHbaRegisters.PortBase(index);
            _capabilities = capabilities;
            _delay = delay;
        }

        public int Index { get; }
        public AhciPortMemory Memory => _memory;
        // Slots that may be issued: the HBA's and the memory's, whichever is fewer.
        public uint UsableSlots => _usable;
        // Issued and not yet reaped.
        public uint BusySlots => _issued;
        public uint QueuedSlots => _queued;
        // The most queued commands in flight at once: the disk's NCQ depth
        // (IDENTIFY word 75), which may be less than the HBA's slots.
        public int QueueDepth
        {
            get => _queueDepth;
            set
            {
                if (value < 1 || value > 32) throw new ArgumentOutOfRangeException("value", "an NCQ depth of 1 to 32, not " + value.ToString());
                _queueDepth = value;
            }
        }
        // Stopped on an error: Recover before issuing again.
        public bool Halted => _halted;
        // The error that halted the port, until Recover.
        public AhciCommandError HaltError => _haltError;
        public bool CommandEngineRunning => (Read(AhciPortRegisters.Command) & AhciPortRegisters.CmdStart) != 0;

        // ---- engines -------------------------------------------------------

        // Clears ST and waits for CR, then clears FRE and waits for FR, each
        // within 500 ms (10.1.2 step 3, 10.3.2). Null, or which did not clear.
        // A stopped port interrupts no more (PxIE 0, PxIS cleared): firmware may
        // have left interrupts enabled on a port the driver will not serve.
        public string StopEngines()
        {
            Write(AhciPortRegisters.InterruptEnable, 0);
            Write(AhciPortRegisters.InterruptStatus, AllSlots);
            string problem = StopCommandEngine();
            if (problem is not null) return problem;
            uint cmd = Read(AhciPortRegisters.Command);
            if ((cmd & AhciPortRegisters.CmdFisReceiveEnable) != 0) WriteCommand(cmd & ~AhciPortRegisters.CmdFisReceiveEnable);
            if (!WaitClear(AhciPortRegisters.Command, AhciPortRegisters.CmdFisReceiveRunning, EngineStopMilliseconds))
                return Name() + " did not stop: PxCMD.FR still set " + EngineStopMilliseconds.ToString() + " ms after FRE was cleared (PxCMD 0x"
                    + Read(AhciPortRegisters.Command).ToString("x8") + ")";
            return null;
        }

        // Clears ST and waits for CR (which also clears PxCI and PxSACT).
        public string StopCommandEngine()
        {
            uint cmd = Read(AhciPortRegisters.Command);
            if ((cmd & AhciPortRegisters.CmdStart) != 0) WriteCommand(cmd & ~AhciPortRegisters.CmdStart);
            if (!WaitClear(AhciPortRegisters.Command, AhciPortRegisters.CmdListRunning, EngineStopMilliseconds))
                return Name() + " did not stop: PxCMD.CR still set " + EngineStopMilliseconds.ToString() + " ms after ST was cleared (PxCMD 0x"
                    + Read(AhciPortRegisters.Command).ToString("x8") + ")";
            return null;
        }

        // ---- link ----------------------------------------------------------

        public AhciLinkStatus ReadLink() => new AhciLinkStatus(Read(AhciPortRegisters.SataStatus), Read(AhciPortRegisters.Signature),
            Read(AhciPortRegisters.TaskFileData));

        public AhciDeviceKind Detect() => ReadLink().Kind;

        // COMRESET (10.4.2): PxSCTL.DET = 1 for at least 1 ms, then 0, then
        // wait for the link (PxSSTS.DET = 3) and clear PxSERR, where the
        // device's COMINIT left DIAG.X. The command engine must be stopped.
        // This is how a hung device is recovered when the HBA has no CLO.
        public string ComReset()
        {
            if (CommandEngineRunning) throw new InvalidOperationException(Name() + ": COMRESET with PxCMD.ST set; stop the command engine first");
            uint sctl = Read(AhciPortRegisters.SataControl) & ~AhciPortRegisters.DetMask;
            Write(AhciPortRegisters.SataControl, sctl | AhciPortRegisters.SctlDetComReset);
            _delay.Pause(ComResetHoldMilliseconds);
            Write(AhciPortRegisters.SataControl, sctl | AhciPortRegisters.SctlDetNone);
            for (int waited = 0; ; waited++)
            {
                if ((Read(AhciPortRegisters.SataStatus) & AhciPortRegisters.DetMask) == AhciPortRegisters.DetDevicePresentPhyUp) break;
                if (waited >= LinkUpMilliseconds)
                    return Name() + ": no link " + LinkUpMilliseconds.ToString() + " ms after COMRESET (" + ReadLink().ToString() + ")";
                _delay.Pause(1);
            }
            Write(AhciPortRegisters.SataError, AllSlots);
            return null;
        }

        // ---- bring-up --------------------------------------------------------

        // Hands the port its command list and FIS area, clears PxSERR and
        // PxIS, enables the interrupts the engine handles and FIS receive
        // (10.1.2 steps 5-7). Both engines must be stopped.
        public void Attach(AhciPortMemory memory)
        {
            uint cmd = Read(AhciPortRegisters.Command);
            const uint Running = AhciPortRegisters.CmdStart | AhciPortRegisters.CmdListRunning | AhciPortRegisters.CmdFisReceiveEnable
                | AhciPortRegisters.CmdFisReceiveRunning;
            if ((cmd & Running) != 0)
                throw new InvalidOperationException(Name() + " is running (PxCMD 0x" + cmd.ToString("x8") + "); stop its engines before giving it memory");
            ulong end = memory.Buffer.DeviceAddress + (ulong)memory.Buffer.Length;
            if (!_capabilities.Supports64BitAddressing && end > 0x1_0000_0000UL)
                throw new ArgumentException("port memory ends at 0x" + end.ToString("x") + " but the HBA addresses only 32 bits");
            // Nothing of an earlier use may look like a command.
            byte[] zeros = new byte[AhciPortMemory.FirstTableOffset];
            memory.Buffer.CopyFrom(0, zeros);
            Write(AhciPortRegisters.CommandListBase, (uint)memory.CommandListAddress);
            Write(AhciPortRegisters.CommandListBaseUpper, (uint)(memory.CommandListAddress >> 32));
            Write(AhciPortRegisters.FisBase, (uint)memory.ReceivedFisAddress);
            Write(AhciPortRegisters.FisBaseUpper, (uint)(memory.ReceivedFisAddress >> 32));
            Write(AhciPortRegisters.SataError, AllSlots);
            Write(AhciPortRegisters.InterruptStatus, AllSlots);
            Write(AhciPortRegisters.InterruptEnable, AhciPortRegisters.InterruptsWanted);
            WriteCommand(Read(AhciPortRegisters.Command) | AhciPortRegisters.CmdFisReceiveEnable);
            _memory = memory;
            _table = new byte[memory.TableBytes];
            int slots = Math.Min(memory.Slots, _capabilities.CommandSlots);
            _usable = slots == 32 ? AllSlots : (1u << slots) - 1;
            ForgetSlots();
        }

        // Starts the command engine (10.3.1): only with a device there (DET 3)
        // and not busy (BSY and DRQ clear), which the device may take a while
        // to reach after a reset. PxCMD.ATAPI says what the device is.
        public string Start()
        {
            if (_memory is null) throw new InvalidOperationException(Name() + " has no memory: Attach first");
            AhciLinkStatus link = ReadLink();
            if (link.Detection != AhciPortRegisters.DetDevicePresentPhyUp) return Name() + " has no device to start: " + link.ToString();
            for (int waited = 0; ; waited++)
            {
                link = ReadLink();
                if (!link.Busy) break;
                if (waited >= DeviceReadyMilliseconds)
                    return Name() + ": the device stayed busy (BSY or DRQ) for " + DeviceReadyMilliseconds.ToString() + " ms: " + link.ToString();
                _delay.Pause(1);
            }
            uint cmd = Read(AhciPortRegisters.Command);
            cmd = link.Kind == AhciDeviceKind.Atapi ? cmd | AhciPortRegisters.CmdAtapi : cmd & ~AhciPortRegisters.CmdAtapi;
            WriteCommand(cmd | AhciPortRegisters.CmdStart);
            return null;
        }

        // ---- commands ------------------------------------------------------

        // The lowest usable slot not in flight, or -1.
        public int FreeSlot()
        {
            uint free = _usable & ~_issued;
            if (free == 0) return -1;
            int slot = 0;
            while ((free & 1) == 0)
            {
                free >>= 1;
                slot++;
            }
            return slot;
        }

        // Whether a command of this kind may go now: a free slot, NCQ on the HBA
        // for a queued one, and ATA does not allow queued and non-queued
        // commands in flight together (ACS-3 4.16.3).
        public bool CanIssue(bool queued) =>
            !_halted && _memory is not null && FreeSlot() >= 0
            && (queued ? _capabilities.SupportsNcq && (_issued & ~_queued) == 0 && BitCount(_queued) < _queueDepth : _queued == 0);

        // Builds the command's table (FIS, packet, PRDT over [address, address
        // + bytes)) and header in `slot`, then issues it: PxSACT first for a
        // queued command (5.6.4.2), then PxCI.
        public void Issue(int slot, in AtaCommand command, ulong address, int bytes)
        {
            if (_memory is null) throw new InvalidOperationException(Name() + " has no memory: Attach first");
            if (_halted) throw new InvalidOperationException(Name() + " stopped on an error: Recover before issuing");
            if (command.IsEmpty) throw new ArgumentException("an empty command");
            if (slot < 0 || slot > 31 || (_usable & (1u << slot)) == 0)
                throw new ArgumentOutOfRangeException("slot", "slot " + slot.ToString() + " is not usable on " + Name() + " (0x" + _usable.ToString("x") + ")");
            uint bit = 1u << slot;
            if ((_issued & bit) != 0) throw new InvalidOperationException(Name() + ": slot " + slot.ToString() + " is still in flight (" + _commands[slot].Name + ")");
            if (command.Queued && !_capabilities.SupportsNcq) throw new InvalidOperationException("the HBA does not support NCQ (CAP.SNCQ 0)");
            if (command.Queued ? (_issued & ~_queued) != 0 : _queued != 0)
                throw new InvalidOperationException(Name() + ": " + command.Name + " cannot go while " + (command.Queued ? "non-queued" : "queued")
                    + " commands are in flight (slots 0x" + _issued.ToString("x") + ")");
            if (command.Queued && BitCount(_queued) >= _queueDepth)
                throw new InvalidOperationException(Name() + ": " + _queueDepth.ToString() + " queued commands are in flight, the device's NCQ depth");
            if (bytes < 0 || (bytes == 0) != (command.Blocks == 0 || command.Code == AtaCommand.FlushCacheExtCode))
                throw new ArgumentException(command.Name + " with " + bytes.ToString() + " bytes of data");
            if (bytes > 0 && !_capabilities.Supports64BitAddressing && address + (ulong)bytes > 0x1_0000_0000UL)
                throw new ArgumentException("data at 0x" + address.ToString("x") + " ends beyond 4 GiB but the HBA addresses only 32 bits");

            Span<byte> table = _table;
            table.Slice(0, AhciPortMemory.PrdtOffset).Clear();
            RegisterH2DFis.Encode(table, command, slot);
            if (command.Atapi)
            {
                for (int i = 0; i < 8; i++) table[AhciPortMemory.AtapiCommandOffset + i] = (byte)(command.PacketLow >> (8 * i));
                for (int i = 0; i < 4; i++) table[AhciPortMemory.AtapiCommandOffset + 8 + i] = (byte)(command.PacketHigh >> (8 * i));
            }
            int entries = 0;
            if (bytes > 0)
            {
                entries = AhciPrdt.Build(table.Slice(AhciPortMemory.PrdtOffset), address, bytes, _memory.PrdEntriesPerTable);
                if (entries < 0)
                    throw new ArgumentException(command.Name + " of " + bytes.ToString() + " bytes needs " + AhciPrdt.EntriesFor(bytes).ToString()
                        + " PRD entries; a table here holds " + _memory.PrdEntriesPerTable.ToString());
            }
            _memory.Buffer.CopyFrom(_memory.TableOffset(slot), table.Slice(0, AhciPortMemory.PrdtOffset + entries * AhciPrdt.EntryBytes));
            AhciCommandHeader.Encode(_header, FisDwords, command.WritesToDevice, command.Atapi, entries, _memory.TableAddress(slot));
            _memory.Buffer.CopyFrom(_memory.HeaderOffset(slot), _header);

            _commands[slot] = command;
            _bytes[slot] = bytes;
            _errors[slot] = null;
            _issued |= bit;
            if (command.Queued) _queued |= bit;
            // The table and header are in memory before the HBA is told.
            Interlocked.MemoryBarrier();
            if (command.Queued) Write(AhciPortRegisters.SataActive, bit);
            Write(AhciPortRegisters.CommandIssue, bit);
        }

        public AtaCommand CommandIn(int slot) => _commands[slot];

        // Why a slot Poll reported as failed (or Recover blamed) failed.
        public AhciCommandError ErrorOf(int slot) => slot >= 0 && slot < 32 ? _errors[slot] : null;

        // Takes the port's interrupt status (and clears it) and reaps what
        // finished: a slot is done when neither its PxCI nor its PxSACT bit is
        // set any more (5.3.2, 5.3.9). A non-queued read that moved another
        // byte count than asked (PRDBC) fails. After a fatal error (TFES, HBFS,
        // HBDS, IFS, OFS) the port is halted: what is still in flight stays
        // the engine's until Recover.
        public AhciPollResult Poll()
        {
            if (_memory is null) return default;
            uint status = Read(AhciPortRegisters.InterruptStatus);
            if (status != 0) Write(AhciPortRegisters.InterruptStatus, status);
            uint active = Read(AhciPortRegisters.CommandIssue) | Read(AhciPortRegisters.SataActive);
            uint stray = active & ~_issued;
            if (stray != 0)
                throw new AhciProtocolException(Name() + ": slots 0x" + stray.ToString("x") + " are active in PxCI/PxSACT but were never issued (issued 0x"
                    + _issued.ToString("x") + ")");
            // PxSACT alone says which queued commands finished: the Set Device
            // Bits FIS in memory may be stale (QEMU writes it, clears PxSACT, then
            // raises SDBS, so a completion between reading PxIS and PxSACT is
            // reaped here and named again by the next Poll's look at the FIS).
            if ((status & AhciPortRegisters.IsFatalErrors) != 0 && !_halted) Halt(status, active);

            uint done = _issued & ~active;
            uint failed = 0;
            for (uint pending = done; pending != 0; pending &= pending - 1)
            {
                int slot = LowestBit(pending);
                AtaCommand command = _commands[slot];
                if (command.Queued || command.WritesToDevice || _bytes[slot] == 0) continue;
                uint moved = _memory.Buffer.Read32(_memory.HeaderOffset(slot) + AhciCommandHeader.ByteCountOffset);
                if (moved == (uint)_bytes[slot]) continue;
                _errors[slot] = new AhciCommandError(AhciErrorKind.TransferMismatch, Index, slot, command.Name, command.Lba, command.Blocks, status, 0, 0, 0,
                    AhciCommandError.NoReportedLba, "PRDBC " + moved.ToString() + " bytes, " + _bytes[slot].ToString() + " expected");
                failed |= 1u << slot;
            }
            Release(done);
            return new AhciPollResult(done & ~failed, failed, _halted);
        }

        // The error recovery of 6.2.2: clear ST and wait for CR (COMRESET if
        // it will not clear), clear PxSERR and PxIS, reset the device if it is
        // stuck busy (CLO when the HBA has it, else COMRESET), start again.
        // The failing command (when known) is failed; everything else that
        // was in flight is in RetrySlots, to be issued again. Also for a
        // command that timed out: then nothing is blamed and everything is retried.
        public AhciRecovery Recover()
        {
            if (_memory is null) throw new InvalidOperationException(Name() + " has no memory: Attach first");
            int failedSlot = _failedSlot;
            AhciCommandError error = _haltError;
            uint retry = _issued & ~(failedSlot >= 0 ? 1u << failedSlot : 0);
            // SATA 3.x 13.6.3.2: after a queued command fails the device aborts
            // every command until log page 10h is read or it is reset; this
            // engine does not read the log, so it resets the device.
            bool queuedDeviceError = error is not null && error.Kind == AhciErrorKind.DeviceError && _queued != 0;
            ForgetSlots();
            if (failedSlot >= 0) _errors[failedSlot] = error;

            string problem = StopCommandEngine();
            if (problem is not null)
            {
                // 10.4.2: a port whose CR does not clear gets a COMRESET.
                string reset = ComReset();
                if (reset is not null || CommandRunningAfterStop())
                    return new AhciRecovery(failedSlot, error, retry, problem + "; a COMRESET did not help" + (reset is null ? "" : ": " + reset)
                        + " (an HBA reset is left)");
            }
            Write(AhciPortRegisters.SataError, AllSlots);
            Write(AhciPortRegisters.InterruptStatus, AllSlots);
            if (queuedDeviceError || ReadLink().Busy)
            {
                problem = queuedDeviceError ? ComReset() : ClearBusy();
                if (problem is not null) return new AhciRecovery(failedSlot, error, retry, problem);
            }
            problem = Start();
            return new AhciRecovery(failedSlot, error, retry, problem);
        }

        // Issues one command and waits for it, for bring-up (IDENTIFY) and
        // shutdown (FLUSH): null when it succeeded, else its error (after a
        // recovery). Other commands must not be in flight.
        public AhciCommandError ExecutePolled(int slot, in AtaCommand command, ulong address, int bytes, int timeoutMilliseconds)
        {
            if (_issued != 0) throw new InvalidOperationException(Name() + ": a polled command needs the port to itself (slots 0x" + _issued.ToString("x") + " in flight)");
            Issue(slot, command, address, bytes);
            uint bit = 1u << slot;
            for (int waited = 0; ; waited++)
            {
                AhciPollResult result = Poll();
                if ((result.Completed & bit) != 0) return null;
                if ((result.Failed & bit) != 0) return _errors[slot];
                if (result.Halted)
                {
                    AhciRecovery recovery = Recover();
                    AhciCommandError error = recovery.Error ?? new AhciCommandError(AhciErrorKind.DeviceError, Index, slot, command.Name, command.Lba,
                        command.Blocks, 0, 0, 0, 0, AhciCommandError.NoReportedLba, null);
                    return recovery.Problem is null ? error : WithDetail(error, recovery.Problem);
                }
                if (waited >= timeoutMilliseconds)
                {
                    AhciRecovery recovery = Recover();
                    var timeout = new AhciCommandError(AhciErrorKind.Timeout, Index, slot, command.Name, command.Lba, command.Blocks,
                        Read(AhciPortRegisters.InterruptStatus), 0, 0, Read(AhciPortRegisters.SataError), AhciCommandError.NoReportedLba,
                        "no completion within " + timeoutMilliseconds.ToString() + " ms" + (recovery.Problem is null ? "" : "; " + recovery.Problem));
                    _errors[slot] = timeout;
                    return timeout;
                }
                _delay.Pause(1);
            }
        }

        // ---- internals -----------------------------------------------------

        // Records the error that stopped the port and, when the HBA can tell,
        // which command it was (6.2.2 steps 1-2): for non-queued commands
        // PxCMD.CCS; for queued ones only when a single one was in flight.
        private void Halt(uint status, uint active)
        {
            _halted = true;
            uint taskFile = Read(AhciPortRegisters.TaskFileData);
            uint sataError = Read(AhciPortRegisters.SataError);
            uint outstanding = _issued & active;
            int failed = -1;
            uint nonQueued = outstanding & ~_queued;
            if (nonQueued != 0)
            {
                int current = (int)((Read(AhciPortRegisters.Command) >> AhciPortRegisters.CmdCurrentSlotShift) & AhciPortRegisters.CmdCurrentSlotMask);
                failed = (nonQueued & (1u << current)) != 0 ? current : (nonQueued & (nonQueued - 1)) == 0 ? LowestBit(nonQueued) : -1;
            }
            else if (outstanding != 0 && (outstanding & (outstanding - 1)) == 0) failed = LowestBit(outstanding);

            AhciErrorKind kind = (status & AhciPortRegisters.IsOverflow) != 0 ? AhciErrorKind.Overflow
                : (status & (AhciPortRegisters.IsHostBusFatal | AhciPortRegisters.IsHostBusData)) != 0 ? AhciErrorKind.HostBusError
                : (status & AhciPortRegisters.IsInterfaceFatal) != 0 ? AhciErrorKind.InterfaceError
                : AhciErrorKind.DeviceError;
            AtaCommand command = failed >= 0 ? _commands[failed] : default;
            // A non-queued command ends with a D2H Register FIS whose LBA field
            // names the first failing sector (ACS-3 6.4); NCQ errors come in a Set Device Bits FIS without one.
            ulong reported = AhciCommandError.NoReportedLba;
            if (failed >= 0 && !command.Queued)
            {
                int fis = AhciPortMemory.ReceivedFisOffset + AhciPortMemory.D2HRegisterFisOffset;
                uint low = _memory.Buffer.Read32(fis + 4), high = _memory.Buffer.Read32(fis + 8);
                reported = (low & 0xFFFFFF) | (ulong)(high & 0xFFFFFF) << 24;
            }
            string detail = failed < 0 && outstanding != 0 ? "in flight: slots 0x" + outstanding.ToString("x") : null;
            _haltError = new AhciCommandError(kind, Index, failed, failed >= 0 ? command.Name : null, command.Lba, command.Blocks, status,
                (byte)taskFile, (byte)(taskFile >> 8), sataError, reported, detail);
            _failedSlot = failed;
            if (failed >= 0) _errors[failed] = _haltError;
        }

        // 6.2.2 step 6: the device is stuck with BSY or DRQ set. CLO clears the
        // HBA's view of them when the HBA has it (10.4.2 notes the order:
        // only with ST clear); otherwise a COMRESET resets the device.
        private string ClearBusy()
        {
            if (_capabilities.SupportsCommandListOverride)
            {
                Write(AhciPortRegisters.Command, Read(AhciPortRegisters.Command) & ~CmdNotWrittenBack | AhciPortRegisters.CmdCommandListOverride);
                if (WaitClear(AhciPortRegisters.Command, AhciPortRegisters.CmdCommandListOverride, EngineStopMilliseconds) && !ReadLink().Busy) return null;
            }
            string reset = ComReset();
            return reset;
        }

        private bool CommandRunningAfterStop()
        {
            if (!WaitClear(AhciPortRegisters.Command, AhciPortRegisters.CmdListRunning, EngineStopMilliseconds)) return true;
            return false;
        }

        private void Release(uint slots)
        {
            _issued &= ~slots;
            _queued &= ~slots;
        }

        private void ForgetSlots()
        {
            _issued = 0;
            _queued = 0;
            _halted = false;
            _haltError = null;
            _failedSlot = -1;
            for (int i = 0; i < 32; i++) _errors[i] = null;
        }

        private AhciCommandError WithDetail(AhciCommandError error, string detail) =>
            new AhciCommandError(error.Kind, error.Port, error.Slot, error.Command, error.Lba, error.Blocks, error.InterruptStatus, error.Status,
                error.Error, error.SataError, error.ReportedLba, error.Detail is null ? detail : error.Detail + "; " + detail);

        private bool WaitClear(ulong register, uint mask, int milliseconds)
        {
            for (int waited = 0; ; waited++)
            {
                if ((Read(register) & mask) == 0) return true;
                if (waited >= milliseconds) return false;
                _delay.Pause(1);
            }
        }

        private static int BitCount(uint value)
        {
            int count = 0;
            for (; value != 0; value &= value - 1) count++;
            return count;
        }

        private static int LowestBit(uint value)
        {
            int bit = 0;
            while ((value & 1) == 0)
            {
                value >>= 1;
                bit++;
            }
            return bit;
        }

        private void WriteCommand(uint value) => Write(AhciPortRegisters.Command, value & ~CmdNotWrittenBack);

        private uint Read(ulong register) => _abar.Read32(_base + register);

        private void Write(ulong register, uint value) => _abar.Write32(_base + register, value);

        private string Name() => "port " + Index.ToString();
    }
}
