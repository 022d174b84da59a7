using System;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Drivers.Nvme
{
    // An NVMe controller (class 01:08:02: QEMU's `-device nvme`, every current
    // PC's SSD, VirtualBox's NVMe controller). Each active namespace is one
    // block device, unit = namespace id ("nvme0n1"). The requests of all of
    // them go through one I/O queue pair of 256 entries (NvmeRequests): the
    // driver has one thread, and several pairs pay off only when several CPUs
    // submit at once without sharing a lock; one deep queue keeps the device
    // as busy as one thread can. Its completions come on their own MSI-X entry
    // (1; the admin queue has entry 0), or on the one vector or line there is.
    // Data goes straight to and from the client's memory when the service lent
    // it, else through shared bounce buffers.
    [Driver("nvme", InstancePrefix = "nvme")]
    [DrivesPciClass(0x01, 0x08, ProgrammingInterface = 0x02)]
    [NeedsPciConfig]
    [NeedsMmio(RegistersBar)]
    [NeedsIrq]
    [NeedsDma(DmaPoolBytes)]
    [NeedsMemory(MemoryQuotaBytes)]
    [Channel(ChannelCapacity)]
    // As virtio-blk and AHCI: back at once after a first crash, then 2, 4, ... up to 100 ms.
    [Restarts(RestartPolicyKind.WithBackoff, FirstBackoffMilliseconds = 1, LongestBackoffMilliseconds = 100, MaxRestartsInARow = 20,
        StableRunMilliseconds = 1000)]
    // CAP.TO may let a controller take 7.5 s (QEMU) to become ready; the engine heartbeats while it waits.
    [Watchdog(HeartbeatMilliseconds = 2000, CpuMilliseconds = 500)]
    // At a crash the kernel resets the controller (CC := 0, 7.3.2: every command in flight abandoned)
    // and waits for CSTS.RDY = 0 within QEMU's CAP.TO (7.5 s) before the lent buffers move on.
    [StopsDevice(RegistersBar, (int)NvmeRegisters.Configuration, 0, StoppedRegister = (int)NvmeRegisters.Status,
        StoppedMask = NvmeRegisters.CstsReady, StoppedValue = 0, TimeoutMilliseconds = 7500)]
    public sealed class NvmeDriver : Driver
    {
        // NVMe 1.4, 2.1.10: MLBAR/MUBAR, BAR 0 (64-bit) holds the registers.
        public const int RegistersBar = 0;
        public const int AdminQueueEntries = 32;
        public const int IoQueueEntries = 256;
        public const int IoQueue = 1;
        // Requests the driver holds at once: as many as the I/O queue takes, and one more waiting.
        public const int ChannelCapacity = IoQueueEntries;
        public const int BounceBufferCount = 16;
        public const int BounceBytes = 128 * 1024;
        public const int LentRequestBytes = 1024 * 1024;
        public const ulong MemoryQuotaBytes = 1 << 20;
        private const int Page = NvmeControllerCapabilities.PageBytes;
        public const ulong DmaPoolBytes = BounceBufferCount * (ulong)BounceBytes + (IoQueueEntries - 1) * (ulong)Page
            + IoQueueEntries * (ulong)(NvmeQueuePair.SubmissionEntryBytes + NvmeQueuePair.CompletionEntryBytes) + 8 * (ulong)Page;

        private const int WaitSliceMilliseconds = 20;
        private const string UnitLetter = "n";
        // The admin queue's MSI-X entry; the I/O queue's is the next when the table has it.
        private const int AdminEntry = 0;

        private readonly DriverChannel<BlockDriverRequest, BlockDriverCompletion> _channel;
        private DriverContext _context;
        private MmioRegion _registers;
        private Irq _ioIrq;
        private DmaPool _dma;
        private NvmeController _controller;
        private NvmeIdentifyController _identity;
        private NvmeQueuePair _io;
        private NvmeRequests _requests;
        private NvmeNamespace[] _namespaces;
        private int[] _units;
        private string _transport;
        // What Probe reported, and the resets the report last counted.
        private string _report;
        private int _reportedResets;

        public NvmeDriver(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel)
        {
            _channel = channel;
        }

        public override void Initialize(DriverContext context)
        {
            _context = context;
            CapabilityDenial denial = context.RequestMmio(RegistersBar, CapabilityRights.ReadWrite, out _registers);
            if (denial is not null) context.Fail("BAR 0: " + denial.ToString());
            denial = context.RequestIrq(AdminEntry, CapabilityRights.Wait | CapabilityRights.Acknowledge, out Irq admin);
            if (denial is not null) context.Fail("interrupt: " + denial.ToString());
            _ioIrq = admin;
            if (context.IrqEntryCount > AdminEntry + 1)
            {
                denial = context.RequestIrq(AdminEntry + 1, CapabilityRights.Wait | CapabilityRights.Acknowledge, out _ioIrq);
                if (denial is not null) context.Fail("the I/O queue's interrupt: " + denial.ToString());
            }
            denial = context.RequestDmaPool(DmaPoolBytes, 1UL << 32, CapabilityRights.Allocate | CapabilityRights.ReadWrite, out _dma);
            if (denial is not null) context.Fail("DMA: " + denial.ToString());
        }

        // NVMe 1.4, 7.6.1: the controller taken from the firmware and enabled,
        // identified, one I/O queue pair created, then each active namespace identified.
        public override void Probe(DriverContext context)
        {
            _controller = new NvmeController(_registers, new ContextDelay(context));
            _context.FailOn(_controller.BringUp(Allocate(AdminQueueEntries * NvmeQueuePair.SubmissionEntryBytes, "the admin submission queue"),
                Allocate(AdminQueueEntries * NvmeQueuePair.CompletionEntryBytes, "the admin completion queue"), AdminQueueEntries, IoQueue));
            DmaBuffer identify = Allocate(NvmeAdminCommands.IdentifyBytes, "the Identify buffer");
            var data = new byte[NvmeAdminCommands.IdentifyBytes];
            _context.FailOn(Identify(NvmeAdminCommands.IdentifyController, 0, identify, data));
            _context.FailOn(NvmeIdentifyController.Parse(data, out _identity));

            int entries = Math.Min(IoQueueEntries, _controller.Capabilities.MaxQueueEntries);
            _io = new NvmeQueuePair(_registers, _controller.Capabilities, IoQueue, Allocate(entries * NvmeQueuePair.SubmissionEntryBytes, "the I/O submission queue"),
                Allocate(entries * NvmeQueuePair.CompletionEntryBytes, "the I/O completion queue"), entries);
            // 5.3: IV names an MSI-X entry; with MSI or a line there is only 0.
            int vector = _ioIrq.Mode == IrqMode.MsiX ? _ioIrq.Entry : 0;
            _context.FailOn(_controller.CreateIoQueues(_io, vector));

            string report = "nvme " + _controller.Capabilities.VersionText + ", " + _identity.Model + " (serial " + _identity.Serial + ", firmware "
                + _identity.Firmware + ")";
            report += FindNamespaces(identify, data, _controller.Capabilities.MinPageBytes);
            var bounce = new BounceBuffers(BounceBufferCount, BounceBytes, i => Allocate(BounceBytes, "bounce buffer " + i.ToString()));
            var pages = new NvmeSlotPages(Allocate(NvmeSlotPages.BytesFor(_io.Slots), "the PRP list pages"), _io.Slots);
            _requests = new NvmeRequests(_controller, _io, vector, ChannelCapacity, _channel, bounce, pages);
            _transport = "nvme " + _controller.Capabilities.VersionText + " io_queues=1 depth=" + entries.ToString() + " " + InterruptText(_ioIrq);
            _report = report;
            context.ReportProgress(report);
        }

        // CNS 02h lists the active namespaces (ids ascending, 0 ends the list);
        // before 1.1 every id up to NN is taken as one. Each is identified;
        // those it cannot serve are reported with the reason. Returns the report.
        private string FindNamespaces(DmaBuffer identify, byte[] data, int minPageBytes)
        {
            var ids = new uint[BlockUnits.MaxUnits];
            int count = 0;
            string report = "";
            if (_controller.Capabilities.HasActiveNamespaceList)
            {
                _context.FailOn(Identify(NvmeAdminCommands.IdentifyActiveNamespaces, 0, identify, data));
                for (int at = 0; at < data.Length && LittleEndian.Get32(data, at) != 0; at += 4)
                {
                    if (count == ids.Length)
                    {
                        report += "; only the first " + ids.Length.ToString() + " namespaces are served";
                        break;
                    }
                    ids[count++] = LittleEndian.Get32(data, at);
                }
            }
            else
                for (uint id = 1; id <= _identity.NamespaceCount && count < ids.Length; id++) ids[count++] = id;

            var served = new NvmeNamespace[count];
            int units = 0;
            for (int i = 0; i < count; i++)
            {
                string problem = ids[i] > BlockUnits.LargestUnitNumber ? "namespace " + ids[i].ToString() + ": its id is too large for a unit number"
                    : Identify(NvmeAdminCommands.IdentifyNamespace, ids[i], identify, data);
                NvmeIdentifyNamespace space = null;
                if (problem is null) problem = NvmeIdentifyNamespace.Parse(ids[i], data, out space);
                if (problem is not null)
                {
                    report += "; not served: " + problem;
                    continue;
                }
                served[units++] = new NvmeNamespace(space, _identity, _identity.MaxTransferBytes(minPageBytes));
                report += "; n" + ids[i].ToString() + ": " + (served[units - 1].Sectors >> 11).ToString() + " MiB in " + space.BlockBytes.ToString() + "-byte blocks";
            }
            _namespaces = new NvmeNamespace[units];
            _units = new int[units];
            for (int i = 0; i < units; i++)
            {
                _namespaces[i] = served[i];
                _units[i] = served[i].Unit;
            }
            return units == 0 ? report + "; no namespace served" : report;
        }

        private string Identify(byte cns, uint namespaceId, DmaBuffer buffer, byte[] data)
        {
            string problem = _controller.Execute(NvmeAdminCommands.Identify(cns, namespaceId, buffer.DeviceAddress), out _);
            if (problem is null) buffer.CopyTo(0, data);
            return problem;
        }

        public override void Run(DriverContext context)
        {
            while (!context.StopRequested)
            {
                context.Heartbeat();
                InjectedFault fault = context.TakeInjectedFault();
                if (fault != InjectedFault.None) FaultInjection.Commit(fault, context, TouchOutsideGrant, Pause, IdentifyInto);
                while (_requests.Waiting + _requests.InFlight < ChannelCapacity && _channel.TryTakeRequest(out BlockDriverRequest request)) Take(request);
                _requests.IssueWhatFits(context.NowMilliseconds);
                if (!_requests.Busy)
                {
                    _channel.WaitForRequest(WaitSliceMilliseconds);
                    continue;
                }
                if (_ioIrq.Wait(WaitSliceMilliseconds)) _ioIrq.Acknowledge();
                _context.FailOn(_requests.Reap(context.NowMilliseconds));
                if (_requests.Resets != _reportedResets) ReportResets(context);
            }
        }

        // A reset inside the driver shows in its status: how many, and why the last.
        private void ReportResets(DriverContext context)
        {
            _reportedResets = _requests.Resets;
            context.ReportProgress(_report + "; " + _requests.Resets.ToString() + " controller resets, " + _requests.Aborts.ToString() + " aborts; last: "
                + _requests.LastResetReason);
        }

        // Answers at once what names no namespace or needs no command; the rest goes to the queue.
        private void Take(in BlockDriverRequest request)
        {
            if (request.Operation == BlockOperation.ListUnits)
            {
                _channel.TryComplete(new BlockDriverCompletion { Tag = request.Tag, Status = BlockStatus.Ok, Units = _units, UnitLetter = UnitLetter });
                return;
            }
            NvmeNamespace space = Find(request.Unit);
            if (space is null)
            {
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, BlockStatus.OutOfRange, "no namespace " + request.Unit.ToString() + " is served"));
                return;
            }
            if (request.Operation == BlockOperation.Identify)
            {
                BlockDeviceInfo info = space.Describe(_transport, BounceBytes, LentRequestBytes);
                info.QueueDepth = _io.Slots;
                _channel.TryComplete(new BlockDriverCompletion { Tag = request.Tag, Status = BlockStatus.Ok, Info = info });
                return;
            }
            _requests.Accept(request, space);
        }

        private NvmeNamespace Find(int unit)
        {
            for (int i = 0; i < _namespaces.Length; i++)
                if (_namespaces[i].Unit == unit) return _namespaces[i];
            return null;
        }

        private DmaBuffer Allocate(int bytes, string what) => _context.Allocate(_dma, bytes, what);

        // "msi-x entry 1 vector 0x32", "msi vector 0x31", "intx irq 11".
        private static string InterruptText(Irq irq) => CapabilityText.Of(irq.Mode)
            + (irq.Mode == IrqMode.MsiX ? " entry " + irq.Entry.ToString() + " vector 0x" + irq.Number.ToString("x")
            : irq.Mode == IrqMode.Msi ? " vector 0x" + irq.Number.ToString("x") : " irq " + irq.Number.ToString());

        // For `inject <dev> port`: the register just past BAR 0's grant (where the MSI-X table starts).
        private void TouchOutsideGrant() => _registers.Read32(_registers.Size);

        private void Pause() => _ioIrq.Wait(WaitSliceMilliseconds);

        // For `inject <dev> dma`: Identify Controller with its 4 KiB answer
        // aimed at an address the driver holds no buffer over (the outcome does not matter).
        private void IdentifyInto(ulong address) => _controller.Execute(NvmeAdminCommands.Identify(NvmeAdminCommands.IdentifyController, 0, address), out _);
    }
}
