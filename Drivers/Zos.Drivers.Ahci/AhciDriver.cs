using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Drivers.Ahci
{
    // A SATA controller in AHCI mode (QEMU's ich9-ahci, built into q35; most
    // PCs; VirtualBox's SATA controller). Each port with an ATA disk is one
    // block device, unit = port number ("ahci0p0"): the service's requests are
    // queued per disk and issued with NCQ where the disk and HBA have it. Data
    // goes straight to and from the client's memory when the service lent it,
    // else through shared bounce buffers. Completions come by MSI or the INTx
    // line; busy ports are also looked at whenever a wait times out. ATAPI
    // devices (the boot CD on q35) are left alone: reported, not served.
    [Driver("ahci", InstancePrefix = "ahci")]
    [DrivesPciClass(0x01, 0x06, ProgrammingInterface = 0x01)]
    [NeedsPciConfig]
    [NeedsMmio(AbarBar)]
    [NeedsIrq]
    [NeedsDma(DmaPoolBytes)]
    [NeedsMemory(MemoryQuotaBytes)]
    [Channel(ChannelCapacity)]
    // As virtio-blk: back at once after a first crash, then 2, 4, ... up to 100 ms.
    [Restarts(RestartPolicyKind.WithBackoff, FirstBackoffMilliseconds = 1, LongestBackoffMilliseconds = 100, MaxRestartsInARow = 20,
        StableRunMilliseconds = 1000)]
    [Watchdog(HeartbeatMilliseconds = 2000, CpuMilliseconds = 500)]
    public sealed class AhciDriver : Driver
    {
        // AHCI 1.3.1, 2.1.11: ABAR is BAR 5.
        public const int AbarBar = 5;
        public const int ChannelCapacity = 128;
        public const int BounceBufferCount = 16;
        public const int BounceBytes = 128 * 1024;
        // A lent request is one contiguous range: one PRD entry (at most 4 MiB) carries it.
        public const int LentRequestBytes = 1024 * 1024;
        public const int PrdEntriesPerTable = 8;
        public const ulong MemoryQuotaBytes = 1 << 20;
        public const ulong DmaPoolBytes = BounceBufferCount * (ulong)BounceBytes + 32 * 16 * 1024UL + 64 * 1024;

        private const int WaitSliceMilliseconds = 20;
        private const int IdentifyTimeoutMilliseconds = 5000;
        private const string UnitLetter = "p";

        private readonly DriverChannel<BlockDriverRequest, BlockDriverCompletion> _channel;
        private readonly AhciDisk[] _disks = new AhciDisk[AhciHbaCapabilities.MaxPorts];
        private DriverContext _context;
        private MmioRegion _abar;
        private Irq _irq;
        private DmaPool _dma;
        private AhciHba _hba;
        private BounceBuffers _bounce;
        private int[] _units;

        public AhciDriver(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel)
        {
            _channel = channel;
        }

        public override void Initialize(DriverContext context)
        {
            _context = context;
            CapabilityDenial denial = context.RequestMmio(AbarBar, CapabilityRights.ReadWrite, out _abar);
            if (denial is not null) context.Fail("ABAR: " + denial.ToString());
            denial = context.RequestIrq(CapabilityRights.Wait | CapabilityRights.Acknowledge, out _irq);
            if (denial is not null) context.Fail("interrupt: " + denial.ToString());
            denial = context.RequestDmaPool(DmaPoolBytes, 1UL << 32, CapabilityRights.Allocate | CapabilityRights.ReadWrite, out _dma);
            if (denial is not null) context.Fail("DMA: " + denial.ToString());
        }

        // AHCI 1.3.1, 10.1.2: take the HBA from firmware, then each port with
        // a device gets its memory, is started and identified.
        public override void Probe(DriverContext context)
        {
            _hba = new AhciHba(_abar, new ContextDelay(context));
            _context.FailOn(_hba.BringUp());
            _bounce = new BounceBuffers(BounceBufferCount, BounceBytes, i => _context.Allocate(_dma, BounceBytes, "bounce buffer " + i.ToString()));
            DmaBuffer identify = _context.Allocate(_dma, AtaIdentifyData.Bytes, "the IDENTIFY buffer");
            var identifyBytes = new byte[AtaIdentifyData.Bytes];

            string report = "ahci " + _hba.Capabilities.VersionText + ", " + _hba.Capabilities.PortCount.ToString() + " ports";
            int disks = 0;
            for (int index = 0; index < AhciHbaCapabilities.MaxPorts; index++)
            {
                if (!_hba.Capabilities.IsImplemented(index)) continue;
                AhciPort port = _hba.Port(index);
                AhciDeviceKind kind = port.Detect();
                if (kind == AhciDeviceKind.None) continue;
                if (kind != AhciDeviceKind.Ata)
                {
                    report += "; p" + index.ToString() + ": " + (kind == AhciDeviceKind.Atapi ? "ATAPI (CD/DVD), not served" : port.ReadLink().ToString());
                    continue;
                }
                port.Attach(new AhciPortMemory(_context.Allocate(_dma, AhciPortMemory.BytesFor(32, PrdEntriesPerTable), "port " + index.ToString() + "'s lists"),
                    32, PrdEntriesPerTable));
                string problem = port.Start();
                AtaIdentifyData identity = null;
                if (problem is null)
                {
                    AhciCommandError error = port.ExecutePolled(0, AtaCommand.IdentifyDevice(), identify.DeviceAddress, AtaIdentifyData.Bytes,
                        IdentifyTimeoutMilliseconds);
                    if (error is not null) problem = error.Message;
                    else
                    {
                        identify.CopyTo(0, identifyBytes);
                        problem = AtaIdentifyData.Parse(identifyBytes, out identity);
                    }
                }
                if (problem is null && identity.LogicalSectorBytes % BlockDeviceInfo.SectorSize != 0)
                    problem = identity.LogicalSectorBytes.ToString() + "-byte sectors";
                if (problem is not null)
                {
                    report += "; p" + index.ToString() + ": not served: " + problem;
                    continue;
                }
                bool ncq = AtaTransfers.UsesNcq(identity, _hba.Capabilities, wanted: true);
                if (ncq) port.QueueDepth = identity.QueueDepth;
                _disks[index] = new AhciDisk(port, identity, ncq, ChannelCapacity, _channel, _bounce);
                disks++;
                report += "; p" + index.ToString() + ": " + identity.Model + ", " + (identity.CapacityBytes >> 20).ToString() + " MiB";
            }
            _units = new int[disks];
            for (int index = 0, unit = 0; index < _disks.Length; index++)
                if (_disks[index] is not null) _units[unit++] = index;
            _hba.EnableInterrupts();
            context.ReportProgress(report);
        }

        public override void Run(DriverContext context)
        {
            while (!context.StopRequested)
            {
                context.Heartbeat();
                InjectedFault fault = context.TakeInjectedFault();
                if (fault != InjectedFault.None) FaultInjection.Commit(fault, context, TouchOutsideGrant, Pause, IdentifyInto);
                ulong now = context.NowMilliseconds;
                while (Waiting() < ChannelCapacity && _channel.TryTakeRequest(out BlockDriverRequest request)) Take(request);
                bool busy = false;
                for (int i = 0; i < _units.Length; i++)
                {
                    AhciDisk disk = _disks[_units[i]];
                    disk.IssueWhatFits(now);
                    busy |= disk.Busy;
                }
                if (!busy)
                {
                    _channel.WaitForRequest(WaitSliceMilliseconds);
                    continue;
                }
                bool interrupted = _irq.Wait(WaitSliceMilliseconds);
                uint pending = _hba.ReadInterruptStatus();
                now = context.NowMilliseconds;
                for (int i = 0; i < _units.Length; i++)
                {
                    AhciDisk disk = _disks[_units[i]];
                    if (disk.Port.BusySlots == 0 && (pending & (1u << disk.Unit)) == 0) continue;
                    _context.FailOn(disk.Reap(now));
                }
                _hba.AcknowledgeInterrupts(pending);
                if (interrupted) _irq.Acknowledge();
            }
        }

        // Answers at once what names no disk or needs none; the rest waits with its disk.
        private void Take(in BlockDriverRequest request)
        {
            if (request.Operation == BlockOperation.ListUnits)
            {
                _channel.TryComplete(new BlockDriverCompletion { Tag = request.Tag, Status = BlockStatus.Ok, Units = _units, UnitLetter = UnitLetter });
                return;
            }
            AhciDisk disk = request.Unit >= 0 && request.Unit < _disks.Length ? _disks[request.Unit] : null;
            if (disk is null)
            {
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, BlockStatus.OutOfRange, "no disk on port " + request.Unit.ToString()));
                return;
            }
            if (request.Operation == BlockOperation.Identify)
            {
                _channel.TryComplete(new BlockDriverCompletion
                {
                    Tag = request.Tag, Status = BlockStatus.Ok, Info = disk.Describe(CapabilityText.Of(_irq.Mode), BounceBytes, LentRequestBytes),
                });
                return;
            }
            disk.Accept(request);
        }

        // Requests taken and not yet issued, over every disk: what bounds taking more.
        private int Waiting()
        {
            int waiting = 0;
            for (int i = 0; i < _units.Length; i++) waiting += _disks[_units[i]].Waiting;
            return waiting;
        }

        // For `inject <dev> port`: the register just past ABAR's grant.
        private void TouchOutsideGrant() => _abar.Read32(_abar.Size);

        private void Pause() => _irq.Wait(WaitSliceMilliseconds);

        // For `inject <dev> dma`: IDENTIFY DEVICE on the first disk, in a free
        // slot, with its 512 bytes aimed at an address the driver holds no
        // buffer over (the outcome does not matter).
        private void IdentifyInto(ulong address)
        {
            if (_units.Length == 0) return;
            AhciPort port = _disks[_units[0]].Port;
            int slot = port.FreeSlot();
            if (slot >= 0) port.ExecutePolled(slot, AtaCommand.IdentifyDevice(), address, AtaIdentifyData.Bytes, AhciDisk.CommandTimeoutMilliseconds);
        }
    }
}
