using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Nvme
{
    // The controller as a whole (NVMe 1.4, 3.1 and 7.6.1): its capabilities,
    // taking it over from the firmware, enabling it with an admin queue pair,
    // its fatal status, resets, and the admin commands of bring-up (sent and
    // waited for one at a time). BringUp does 7.6.1 steps 1-5: afterwards the
    // admin queue takes commands, and CreateIoQueues adds an I/O queue pair.
    //
    // Errors of bring-up and of commands are returned as text naming what
    // failed; the calls a correct driver never makes throw.
    public sealed class NvmeController
    {
        // Waits for one admin command (QEMU answers in microseconds; real ones in milliseconds).
        public const int AdminTimeoutMilliseconds = 5000;

        private readonly MmioRegion _bar;
        private readonly IDeviceDelay _delay;

        public NvmeController(MmioRegion bar, IDeviceDelay delay)
        {
            _bar = bar;
            _delay = delay;
        }

        public NvmeControllerCapabilities Capabilities { get; private set; }
        public NvmeQueuePair Admin { get; private set; }

        // CAP and VS; null, or why this driver cannot use the controller with `ioQueues` I/O queues.
        public string ReadCapabilities(int ioQueues)
        {
            var capabilities = new NvmeControllerCapabilities(Read64(NvmeRegisters.Capabilities), _bar.Read32(NvmeRegisters.Version));
            string problem = capabilities.Check(_bar.Size, ioQueues);
            if (problem is not null) return problem;
            Capabilities = capabilities;
            return null;
        }

        // 7.6.1: CAP, the controller disabled (the firmware may have left it
        // running: SeaBIOS does), the admin queue pair at `submissions` and
        // `completions`, then enabled. Null, or why not.
        public string BringUp(DmaBuffer submissions, DmaBuffer completions, int adminEntries, int ioQueues)
        {
            string problem = ReadCapabilities(ioQueues);
            if (problem is not null) return problem;
            Admin = new NvmeQueuePair(_bar, Capabilities, 0, submissions, completions, Math.Min(adminEntries, Capabilities.MaxQueueEntries));
            problem = Disable();
            return problem ?? Enable();
        }

        // CC.EN cleared, then CSTS.RDY awaited at 0 within CAP.TO (3.1.5,
        // 3.1.6). Clearing EN resets the controller: every queue is deleted
        // and every command in flight abandoned (7.3.2), and CSTS.CFS clears.
        public string Disable()
        {
            uint cc = _bar.Read32(NvmeRegisters.Configuration);
            if ((cc & NvmeRegisters.CcEnable) != 0) _bar.Write32(NvmeRegisters.Configuration, cc & ~NvmeRegisters.CcEnable);
            return WaitReady(false);
        }

        // AQA, ASQ, ACQ, then CC with the 4 KiB page, the NVM command set,
        // round robin, IOSQES 6 and IOCQES 4 (QEMU refuses EN with them 0: CFS)
        // and EN; CSTS.RDY awaited at 1 within CAP.TO.
        public string Enable()
        {
            int entries = Admin.Entries - 1;
            _bar.Write32(NvmeRegisters.AdminQueueAttributes, (uint)entries | (uint)entries << NvmeRegisters.AqaCompletionSizeShift);
            Write64(NvmeRegisters.AdminSubmissionQueue, Admin.SubmissionQueueAddress);
            Write64(NvmeRegisters.AdminCompletionQueue, Admin.CompletionQueueAddress);
            uint cc = 6u << NvmeRegisters.CcSubmissionEntrySizeShift | 4u << NvmeRegisters.CcCompletionEntrySizeShift
                | 0u << NvmeRegisters.CcPageSizeShift;
            _bar.Write32(NvmeRegisters.Configuration, cc);
            _bar.Write32(NvmeRegisters.Configuration, cc | NvmeRegisters.CcEnable);
            return WaitReady(true);
        }

        // A controller reset (7.3.2) from the driver: disabled, the admin
        // queue emptied, enabled again. The I/O queues are gone afterwards:
        // reset their pairs and CreateIoQueues again.
        public string Reset()
        {
            string problem = Disable();
            if (problem is not null) return problem;
            Admin.Reset();
            return Enable();
        }

        // CSTS; all ones when the controller no longer answers (removed, or its BAR gone).
        public uint ReadStatus() => _bar.Read32(NvmeRegisters.Status);

        // CSTS.CFS (3.1.6): the controller has failed and needs a reset; all ones counts too.
        public bool IsFatal => (ReadStatus() & NvmeRegisters.CstsFatal) != 0;

        // 7.6.1 steps 6-8 for one pair: Set Features (number of queues), then
        // its completion queue on `interruptVector` (an MSI-X entry) and its
        // submission queue. Null, or which command failed and why.
        public string CreateIoQueues(NvmeQueuePair io, int interruptVector)
        {
            string problem = Execute(NvmeAdminCommands.SetNumberOfQueues(io.Id, io.Id), out NvmeCompletion allocated);
            if (problem is not null) return problem;
            int submissionQueues = (int)(allocated.Result & 0xFFFF) + 1, completionQueues = (int)(allocated.Result >> 16) + 1;
            if (submissionQueues < io.Id || completionQueues < io.Id)
                return "the controller allocated " + submissionQueues.ToString() + " submission and " + completionQueues.ToString()
                    + " completion queues; I/O queue " + io.Id.ToString() + " needs as many";
            problem = Execute(NvmeAdminCommands.CreateIoCompletionQueue(io.Id, io.Entries, io.CompletionQueueAddress, interruptVector), out _);
            return problem ?? Execute(NvmeAdminCommands.CreateIoSubmissionQueue(io.Id, io.Entries, io.SubmissionQueueAddress, io.Id), out _);
        }

        // One admin command, waited for by polling: null and its completion, or
        // why it did not succeed. Nothing else may be in flight on the admin queue.
        public string Execute(in NvmeCommand command, out NvmeCompletion completion)
        {
            completion = default;
            if (Admin.InFlight != 0) throw new InvalidOperationException("a waited-for admin command needs the admin queue to itself");
            int slot = Admin.Submit(command);
            Admin.RingSubmissionDoorbell();
            string what = NvmeAdminCommands.Name(command.Opcode);
            for (int waited = 0; ; waited++)
            {
                if (Admin.TryTakeCompletion(out completion))
                {
                    Admin.AcknowledgeCompletions();
                    return completion.Succeeded ? null : what + " failed: " + NvmeStatus.Describe(completion.Status);
                }
                if (IsFatal) return what + ": the controller failed (CSTS.CFS) while it was in flight";
                if (waited >= AdminTimeoutMilliseconds)
                    return what + ": no completion within " + AdminTimeoutMilliseconds.ToString() + " ms (slot " + slot.ToString() + ")";
                _delay.Pause(1);
            }
        }

        // CSTS.RDY to follow CC.EN within CAP.TO; CFS while enabling ends the wait.
        private string WaitReady(bool ready)
        {
            int limit = Capabilities.ReadyTimeoutMilliseconds;
            for (int waited = 0; ; waited++)
            {
                uint status = ReadStatus();
                if (status == uint.MaxValue) return "CSTS reads all ones: the controller no longer answers";
                if (((status & NvmeRegisters.CstsReady) != 0) == ready) return null;
                if (ready && (status & NvmeRegisters.CstsFatal) != 0)
                    return "the controller failed (CSTS.CFS, CSTS 0x" + status.ToString("x") + ") instead of becoming ready";
                if (waited >= limit)
                    return "CSTS.RDY still " + (ready ? "0" : "1") + " " + limit.ToString() + " ms after CC.EN was " + (ready ? "set" : "cleared")
                        + " (CAP.TO; CSTS 0x" + status.ToString("x") + ")";
                _delay.Pause(1);
            }
        }

        // 64-bit registers as two dword accesses, low first (3.1: hosts may access them either way).
        private ulong Read64(ulong register) => _bar.Read32(register) | (ulong)_bar.Read32(register + 4) << 32;

        private void Write64(ulong register, ulong value)
        {
            _bar.Write32(register, (uint)value);
            _bar.Write32(register + 4, (uint)(value >> 32));
        }
    }
}
