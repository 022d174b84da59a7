using System;
using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Drivers.VirtIOBlock
{
    // A virtio block device on PCI, modern or legacy (transitional) interface.
    // The block service hands it requests through its channel; each takes a
    // slot (a header and status in DMA memory) and one chain in the request
    // queue. The data goes straight to and from the client's memory when the
    // service lent it (request.Data); otherwise it is copied through the slot's
    // bounce buffer. Completions come by interrupt (an MSI-X
    // vector or the INTx line); the used ring is also checked whenever a wait
    // times out, so a lost interrupt costs a wait slice, not a request.
    [Driver("virtio-blk", InstancePrefix = "blk")]
    [DrivesPciDevice(VendorId, TransitionalDeviceId)]
    [DrivesPciDevice(VendorId, ModernDeviceId)]
    [NeedsPciConfig]
    [NeedsIoPorts(VirtioPciTransports.LegacyBar)]
    [NeedsMmio(ModernBar)]
    [NeedsIrq]
    [NeedsDma(DmaPoolBytes)]
    [NeedsMemory(MemoryQuotaBytes)]
    [Channel(ChannelCapacity)]
    // Back at once after a first crash, then 2, 4, ... up to 100 ms; 20 crashes each within 1 s of the last restart are a crash loop.
    [Restarts(RestartPolicyKind.WithBackoff, FirstBackoffMilliseconds = 1, LongestBackoffMilliseconds = 100, MaxRestartsInARow = 20,
        StableRunMilliseconds = 1000)]
    [Watchdog(HeartbeatMilliseconds = 1000, CpuMilliseconds = 500)]
    public sealed class VirtioBlkDriver : Driver
    {
        public const ushort VendorId = 0x1AF4;
        public const ushort TransitionalDeviceId = 0x1001;
        public const ushort ModernDeviceId = 0x1042;
        // Where QEMU puts the modern virtio structures.
        public const int ModernBar = 4;
        public const int ChannelCapacity = 64;
        // Requests in flight at once, each with a bounce buffer of BounceBytes.
        public const int Slots = 32;
        public const int BounceBytes = 128 * 1024;
        // A lent request needs no bounce buffer: one chain carries up to this much.
        public const int LentRequestBytes = 1024 * 1024;
        public const int LargestQueue = 256;
        public const ulong MemoryQuotaBytes = 1 << 20;
        public const ulong DmaPoolBytes = Slots * (ulong)BounceBytes + 64 * 1024 + 64 * 1024;

        private const int RequestQueue = 0;
        private const int WaitSliceMilliseconds = 20;
        private const int DescriptorsPerIndirectTable = 16;
        // VIRTIO_F_ACCESS_PLATFORM (6.1): the device's DMA then goes through the
        // platform's IOMMU like any PCI device's (QEMU: iommu_platform=on); the
        // addresses the driver programs are its buffers' device addresses either way.
        private const ulong WantedFeatures = VirtioFeature.Version1 | VirtioFeature.AccessPlatform | VirtioFeature.EventIndex | VirtioFeature.IndirectDescriptors
            | VirtioBlkFeature.SizeMax | VirtioBlkFeature.SegMax | VirtioBlkFeature.BlockSize | VirtioBlkFeature.Flush | VirtioBlkFeature.ReadOnly;

        private readonly DriverChannel<BlockDriverRequest, BlockDriverCompletion> _channel;
        private readonly BlockDriverRequest[] _requests = new BlockDriverRequest[Slots];
        private readonly int[] _slotOfHead = new int[LargestQueue];
        private readonly int[] _freeSlots = new int[Slots];
        private readonly VirtqueueSegment[] _chain = new VirtqueueSegment[DescriptorsPerIndirectTable];
        private DriverContext _context;
        private VirtioTransport _transport;
        private Irq _irq;
        private DmaPool _dma;
        private SplitVirtqueue _queue;
        private VirtioBlkRequestSlots _slots;
        // Slot i copies through buffer i.
        private BounceBuffers _bounce;
        private VirtioBlkConfig _config;
        private VirtioBlkLimits _limits;
        private int _freeCount;
        private bool _messageInterrupt;

        public VirtioBlkDriver(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel)
        {
            _channel = channel;
        }

        public override void Initialize(DriverContext context)
        {
            _context = context;
            string error = VirtioPciTransports.Open(context, out _transport);
            if (error is not null) context.Fail(error);
            CapabilityDenial denial = context.RequestIrq(CapabilityRights.Wait | CapabilityRights.Acknowledge, out _irq);
            if (denial is not null) context.Fail("interrupt: " + denial.ToString());
            denial = context.RequestDmaPool(DmaPoolBytes, 1UL << 32, CapabilityRights.Allocate | CapabilityRights.ReadWrite, out _dma);
            if (denial is not null) context.Fail("DMA: " + denial.ToString());
        }

        // The device initialisation of virtio 1.2, 3.1.1: reset, ACKNOWLEDGE,
        // DRIVER, features, FEATURES_OK, the request queue, DRIVER_OK.
        public override void Probe(DriverContext context)
        {
            _context.FailOn(_transport.Reset());
            _transport.AddStatus(VirtioDeviceStatus.Acknowledge);
            _transport.AddStatus(VirtioDeviceStatus.Driver);
            ulong features = _transport.ReadDeviceFeatures() & WantedFeatures;
            _context.FailOn(_transport.AcceptFeatures(features));
            _config = VirtioBlkConfig.Read(_transport, features);

            int size = _transport.QueueMaxSize(RequestQueue);
            if (size == 0) context.Fail("the device has no request queue");
            // The legacy interface takes the device's own size only.
            if (_transport.Kind != "legacy" && size > LargestQueue) size = LargestQueue;
            if (size > LargestQueue) context.Fail("the request queue has " + size.ToString() + " entries; this driver takes up to " + LargestQueue.ToString());
            var layout = new VirtqueueLayout(size);
            DmaBuffer ring = _context.Allocate(_dma, layout.TotalBytes, "the request queue");
            IndirectDescriptorTables indirect = null;
            if ((features & VirtioFeature.IndirectDescriptors) != 0)
                indirect = new IndirectDescriptorTables(_context.Allocate(_dma, IndirectDescriptorTables.BytesFor(size, DescriptorsPerIndirectTable), "indirect tables"),
                    size, DescriptorsPerIndirectTable);
            _queue = new SplitVirtqueue(ring, size, features, indirect);
            _limits = new VirtioBlkLimits(_config, indirect is not null ? DescriptorsPerIndirectTable : Math.Min(size, DescriptorsPerIndirectTable));
            _slots = new VirtioBlkRequestSlots(_context.Allocate(_dma, VirtioBlkRequestSlots.BytesFor(Slots), "request headers"), Slots);
            _bounce = new BounceBuffers(Slots, BounceBytes, i => _context.Allocate(_dma, BounceBytes, "bounce buffer " + i.ToString()));
            for (int i = 0; i < Slots; i++) _freeSlots[i] = i;
            _freeCount = Slots;

            _context.FailOn(_transport.SetUpQueue(RequestQueue, (ushort)size, _queue.DescriptorTableAddress, _queue.AvailableRingAddress, _queue.UsedRingAddress));
            // With MSI-X the queue's interrupts go to entry 0 (the one granted), configuration changes nowhere.
            _messageInterrupt = _irq.Mode == IrqMode.MsiX;
            if (_messageInterrupt)
            {
                _transport.AssignConfigVector(VirtioTransport.NoVector);
                if (_transport.AssignQueueVector(RequestQueue, (ushort)_irq.Entry) != (ushort)_irq.Entry)
                    context.Fail("the device did not map the request queue to MSI-X entry " + _irq.Entry.ToString());
            }
            _transport.EnableQueue(RequestQueue);
            _transport.AddStatus(VirtioDeviceStatus.DriverOk);
            context.ReportProgress("virtio-blk " + _transport.Kind + ", " + _config.CapacitySectors.ToString() + " sectors, queue " + size.ToString());
        }

        public override void Run(DriverContext context)
        {
            while (!context.StopRequested)
            {
                context.Heartbeat();
                InjectedFault fault = context.TakeInjectedFault();
                if (fault != InjectedFault.None) FaultInjection.Commit(fault, context, TouchOutsideGrant, Pause, GetIdInto);
                while (_freeCount > 0 && _channel.TryTakeRequest(out BlockDriverRequest request)) Start(request);
                if (_queue.InFlight == 0)
                {
                    _channel.WaitForRequest(WaitSliceMilliseconds);
                    continue;
                }
                if (!_queue.EnableInterruptsAndCheckUsed() && _irq.Wait(WaitSliceMilliseconds))
                {
                    // A shared line: reading the ISR deasserts the device's INTx.
                    if (!_messageInterrupt) _transport.ReadIsr();
                    _irq.Acknowledge();
                }
                _queue.DisableInterrupts();
                Reap();
            }
        }

        // Answers at once what needs no device, else builds the chain and publishes it.
        private void Start(in BlockDriverRequest request)
        {
            switch (request.Operation)
            {
                case BlockOperation.ListUnits:
                    _channel.TryComplete(BlockDriverCompletion.OneUnit(request.Tag, 0));
                    return;
                case BlockOperation.Identify:
                    _channel.TryComplete(new BlockDriverCompletion { Tag = request.Tag, Status = BlockStatus.Ok, Info = Describe() });
                    return;
                case BlockOperation.Flush when !_config.Flush:
                    _channel.TryComplete(BlockDriverCompletion.Ok(request.Tag));
                    return;
                case BlockOperation.WriteZeroes:
                case BlockOperation.Discard:
                    _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, BlockStatus.Unsupported,
                        "virtio-blk: this driver does not do " + (request.Operation == BlockOperation.Discard ? "discard" : "write zeroes")));
                    return;
            }
            VirtioBlkRequestType type = TypeOf(request.Operation);
            int bytes = request.Operation == BlockOperation.GetId ? VirtioBlkProtocol.IdBytes : request.Sectors * VirtioBlkProtocol.SectorBytes;
            string refusal = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write
                ? _config.CheckRequest(type, request.Sector, bytes) : null;
            if (refusal is null && request.Data is null && bytes > BounceBytes) refusal = "a request of " + bytes.ToString() + " bytes is larger than this driver's " + BounceBytes.ToString();
            string loanRefusal = refusal is null && request.Data is not null ? LoanRefusal(request.Data, bytes) : null;
            if (loanRefusal is not null)
            {
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, BlockStatus.DeviceFailed, loanRefusal));
                return;
            }
            if (refusal is not null)
            {
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, _config.ReadOnly && type == VirtioBlkRequestType.Out ? BlockStatus.ReadOnly
                    : BlockStatus.OutOfRange, refusal));
                return;
            }
            int slot = _freeSlots[--_freeCount];
            _requests[slot] = request;
            bool lent = request.Data is not null;
            if (!lent && request.Operation == BlockOperation.Write)
                _bounce.Buffer(slot).CopyFrom(0, new ReadOnlySpan<byte>(request.Buffer, request.BufferOffset, bytes));
            ulong data = lent ? request.Data.DeviceAddress : _bounce.Buffer(slot).DeviceAddress;
            if (!Submit(slot, type, request.Sector, data, bytes))
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, BlockStatus.DeviceFailed, "the request queue is full"));
        }

        // The slot's request to the device: header, data at `data`, status. False
        // (the slot freed) when the queue has no room for its chain.
        private bool Submit(int slot, VirtioBlkRequestType type, ulong sector, ulong data, int bytes)
        {
            _slots.Prepare(slot, type, sector);
            int segments = VirtioBlkChain.Build(_limits, type, _slots.HeaderAddress(slot), data, bytes,
                _slots.StatusAddress(slot), _chain);
            if (!_queue.TryAdd(new ReadOnlySpan<VirtqueueSegment>(_chain, 0, segments), out ushort head))
            {
                // More slots than the queue has room for chains: the request waits for the next one.
                _freeSlots[_freeCount++] = slot;
                return false;
            }
            _slotOfHead[head] = slot;
            _queue.Publish();
            if (_queue.ShouldNotify()) _transport.Notify(RequestQueue);
            return true;
        }

        // For `inject <dev> dma`: a GET_ID whose 20-byte answer is aimed at an
        // address the driver holds no buffer over, under tag 0, which the block
        // service never gives (its answer, if believed at all, is a stray).
        private void GetIdInto(ulong address)
        {
            if (_freeCount == 0) return;
            int slot = _freeSlots[--_freeCount];
            _requests[slot] = new BlockDriverRequest { Operation = BlockOperation.GetId };
            Submit(slot, VirtioBlkRequestType.GetId, 0, address, VirtioBlkProtocol.IdBytes);
        }

        // A loan the device must not be given: the wrong size, or already ended.
        private static string LoanRefusal(DmaBuffer data, int bytes)
        {
            if (data.Length != bytes) return "the lent buffer holds " + data.Length.ToString() + " bytes, the request moves " + bytes.ToString();
            return data.IsValid ? null : "the lent buffer was revoked";
        }

        private void Reap()
        {
            while (_queue.TryTakeUsed(out VirtqueueUsedEntry used))
            {
                int slot = _slotOfHead[used.Head];
                BlockDriverRequest request = _requests[slot];
                _requests[slot] = default;
                VirtioBlkRequestType type = TypeOf(request.Operation);
                int bytes = request.Operation == BlockOperation.GetId ? VirtioBlkProtocol.IdBytes : request.Sectors * VirtioBlkProtocol.SectorBytes;
                VirtioBlkResult result = VirtioBlkResult.FromStatus(_slots.ReadStatus(slot), type, request.Sector, bytes);
                if (result.Succeeded && type != VirtioBlkRequestType.Out && bytes > 0 && request.Data is null)
                    _bounce.Buffer(slot).CopyTo(0, new Span<byte>(request.Buffer, request.BufferOffset, bytes));
                _freeSlots[_freeCount++] = slot;
                _channel.TryComplete(result.Succeeded ? BlockDriverCompletion.Ok(request.Tag)
                    : BlockDriverCompletion.Failed(request.Tag, result.Status == VirtioBlkStatus.IoError ? BlockStatus.IoError : BlockStatus.Unsupported,
                        result.ErrorMessage));
            }
        }

        private BlockDeviceInfo Describe() => new BlockDeviceInfo
        {
            Sectors = _config.CapacitySectors,
            LogicalBlockSize = (int)_config.BlockSize,
            ReadOnly = _config.ReadOnly,
            HasFlush = _config.Flush,
            MaxSectorsPerRequest = Math.Min(_limits.MaxRequestBytes, BounceBytes) / VirtioBlkProtocol.SectorBytes,
            MaxSectorsPerLentRequest = Math.Min(_limits.MaxRequestBytes, LentRequestBytes) / VirtioBlkProtocol.SectorBytes,
            QueueDepth = Slots,
            Transport = _transport.Kind + (_messageInterrupt ? " msi-x" : " intx")
                + (_transport.FallbackReason is null ? "" : " (the modern interface is unusable: " + _transport.FallbackReason + ")"),
            Features = VirtioBlkFeatureNames.Of(_config.Features),
        };

        private static VirtioBlkRequestType TypeOf(BlockOperation operation) => operation switch
        {
            BlockOperation.Read => VirtioBlkRequestType.In,
            BlockOperation.Write => VirtioBlkRequestType.Out,
            BlockOperation.Flush => VirtioBlkRequestType.Flush,
            _ => VirtioBlkRequestType.GetId,
        };

        // For `inject <dev> port`: one register past the device's registers (a
        // port on the legacy interface, MMIO on the modern one).
        private void TouchOutsideGrant() => _transport.ReadPastRegisters();

        private void Pause() => _irq.Wait(WaitSliceMilliseconds);
    }
}
