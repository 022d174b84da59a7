using Zos.Hal.Memory;

namespace Zos.Hal.Capabilities.Granting
{
    // Where capabilities come from, for the kernel only (drivers may not use
    // this namespace; the build's driver check enforces it).
    // The kernel declares each device resource as a root capability owned by
    // Root, then grants owners parts of roots with at most the roots' rights;
    // anything more is denied with a reason. On a driver's crash it revokes the
    // owner's capabilities, stops the device, reclaims the DMA memory, then
    // starts a new generation for the restart:
    //   RevokeAll(owner) -> (mask IRQ, bus master off) -> BeginNewGeneration(owner).
    public sealed class CapabilityAuthority
    {
        public const ulong Below4GiB = 0x1_0000_0000UL;

        private readonly IoPortAccess _ports;
        private readonly PhysicalMemory _memory;
        private readonly DmaMemory _dmaMemory;
        private ulong _dmaGrantedBytes;
        // Inside EndLoans: unmaps leave their invalidation to its one flush.
        private bool _unmapsUnflushed;
        // Taken by grants, derivations, revocations and the log; never by the access checks.
        internal readonly object Sync = new object();

        // The owner's capabilities as they stand, read under the authority's
        // lock. Every capability is made under that lock, and its base
        // constructor adds it to its owner's list before the derived one has
        // set its fields: a thread walking the list without the lock (the
        // shell's `drivers` while a driver restarts) could meet one half made.
        public Capability[] CapabilitiesOf(CapabilityOwner owner)
        {
            lock (Sync)
            {
                var held = new Capability[owner.CapabilityCount];
                for (int i = 0; i < held.Length; i++) held[i] = owner.CapabilityAt(i);
                return held;
            }
        }

        public CapabilityAuthority(IoPortAccess ports, PhysicalMemory memory, DmaMemory dmaMemory, ulong dmaBudgetBytes, int auditCapacity)
        {
            _ports = ports;
            _memory = memory;
            _dmaMemory = dmaMemory;
            DmaBudgetBytes = dmaBudgetBytes;
            Audit = new CapabilityAudit(auditCapacity);
            Root = new RootOwner();
        }

        // Owns the root capabilities.
        public CapabilityOwner Root { get; }
        public CapabilityAudit Audit { get; }
        // Called on every violation; the kernel's stops the using domain. Without
        // one, violations are still logged and thrown.
        public CapabilityViolationHandler ViolationHandler { get; set; }
        // The DMA memory all pools together may take.
        public ulong DmaBudgetBytes { get; }
        public ulong DmaGrantedBytes => _dmaGrantedBytes;
        // The IOMMU that makes DMA buffers hardware grants; null: DMA unchecked.
        // Set once, before any DMA capability is granted.
        public DmaTranslation Translation { get; set; }
        // Buffers whose mapping could not be taken back: their memory is never
        // reused (kept, not freed), and the last reason is shown by the shell.
        public int DmaUnmapFailures { get; private set; }
        public string LastDmaUnmapError { get; private set; }

        public CapabilityDenial DeclareIoPorts(ushort basePort, int length, out IoPortRange root)
        {
            root = null;
            if (length <= 0 || basePort + length > IoPortRange.PortSpace)
                return Deny(Root, null, DenialReason.InvalidRequest, "ports 0x" + basePort.ToString("x") + " length " + length.ToString());
            lock (Sync) root = new IoPortRange(this, Root, CapabilityRights.ReadWrite, null, _ports, basePort, length);
            return null;
        }

        public CapabilityDenial DeclareMmio(ulong physicalBase, ulong size, MmioCaching caching, out MmioRegion root)
        {
            root = null;
            if (size == 0 || physicalBase + size < physicalBase || !_memory.Reaches(physicalBase, size, out _))
                return Deny(Root, null, DenialReason.InvalidRequest,
                    "mmio 0x" + physicalBase.ToString("x") + "+0x" + size.ToString("x") + " is not reachable");
            lock (Sync) root = new MmioRegion(this, Root, CapabilityRights.ReadWrite, null, _memory, physicalBase, size, caching);
            return null;
        }

        public Irq DeclareIrq(IrqSignal signal)
        {
            lock (Sync) return new Irq(this, Root, CapabilityRights.Wait | CapabilityRights.Acknowledge, null, signal);
        }

        public PciFunctionCapability DeclarePciFunction(PciConfigFunction function)
        {
            lock (Sync) return new PciFunctionCapability(this, Root, CapabilityRights.ReadWrite, null, function);
        }

        public CapabilityDenial Grant(IoPortRange source, CapabilityOwner to, int offset, int length, CapabilityRights rights, out IoPortRange granted) =>
            source.DeriveFor(to, offset, length, rights, out granted);

        public CapabilityDenial Grant(MmioRegion source, CapabilityOwner to, ulong offset, ulong size, CapabilityRights rights, out MmioRegion granted) =>
            source.DeriveFor(to, offset, size, rights, out granted);

        public CapabilityDenial Grant(Irq source, CapabilityOwner to, CapabilityRights rights, out Irq granted) =>
            source.DeriveFor(to, rights, out granted);

        public CapabilityDenial Grant(PciFunctionCapability source, CapabilityOwner to, CapabilityRights rights, out PciFunctionCapability granted) =>
            source.DeriveFor(to, rights, out granted);

        // A DMA quota drawn from the system budget. rights: Allocate plus the
        // Read/Write the pool's buffers get.
        public CapabilityDenial GrantDmaPool(CapabilityOwner to, ulong bytes, ulong deviceAddressLimit, CapabilityRights rights, out DmaPool granted)
        {
            granted = null;
            lock (Sync)
            {
                if (bytes == 0 || deviceAddressLimit == 0)
                    return Deny(to, null, DenialReason.InvalidRequest, "dma pool of " + bytes.ToString() + " bytes below 0x" + deviceAddressLimit.ToString("x"));
                if ((rights & ~(CapabilityRights.Allocate | CapabilityRights.ReadWrite)) != 0)
                    return Deny(to, null, DenialReason.RightsExceeded, "a dma pool cannot carry " + CapabilityText.Of(rights));
                ulong rounded = DmaBuffer.RoundToPages(bytes);
                if (rounded > DmaBudgetBytes - _dmaGrantedBytes)
                    return Deny(to, null, DenialReason.QuotaExceeded,
                        rounded.ToString() + " bytes asked, " + (DmaBudgetBytes - _dmaGrantedBytes).ToString() + " left in the dma budget");
                _dmaGrantedBytes += rounded;
                granted = new DmaPool(this, to, rights, null, _memory, _dmaMemory, rounded, deviceAddressLimit, null);
                return null;
            }
        }

        // Lends array[offset, offset + length) to `to` for one request, as a
        // DmaBuffer whose rights say what the device may do with it: Write for a
        // read (the device writes the memory), Read for a write. It has no pool
        // and nothing to reclaim: the memory stays the caller's, who keeps the
        // array alive and ends the loan (EndLoan) once the request is answered;
        // RevokeAll of the owner revokes it too. Denied where managed memory
        // cannot be handed to a device (the caller then lends nothing).
        public CapabilityDenial Lend(CapabilityOwner to, byte[] array, int offset, int length, CapabilityRights rights,
            ulong deviceAddressLimit, out DmaBuffer lent)
        {
            lent = null;
            if (array is null || offset < 0 || length <= 0 || offset > array.Length - length)
                return Deny(to, null, DenialReason.InvalidRequest, "a loan of " + length.ToString() + " bytes at " + offset.ToString()
                    + " of a " + (array is null ? "missing" : array.Length.ToString() + "-byte") + " array");
            if (rights == CapabilityRights.None || (rights & ~CapabilityRights.ReadWrite) != 0)
                return Deny(to, null, DenialReason.RightsExceeded, "a lent buffer carries read and/or write, not " + CapabilityText.Of(rights));
            if (!_dmaMemory.TryLend(array, offset, length, deviceAddressLimit, out ulong physical, out ulong device))
                return Deny(to, null, DenialReason.Unavailable,
                    length.ToString() + " bytes of managed memory cannot be lent below 0x" + deviceAddressLimit.ToString("x"));
            lock (Sync)
            {
                string unmapped = MapForDevice(to, device, physical, (ulong)length, rights);
                if (unmapped is not null)
                    return Deny(to, null, DenialReason.Unavailable, length.ToString() + " lent bytes cannot be mapped for the device: " + unmapped);
                lent = new DmaBuffer(this, to, rights, null, _memory, physical, device, length, 0, Translation is not null);
            }
            return null;
        }

        // Ends a loan: revokes the buffer and drops it from its owner's list,
        // since loans come and go with every request.
        public void EndLoan(DmaBuffer lent)
        {
            CheckLent(lent);
            lock (Sync) End(lent);
        }

        // Ends the loans of requests answered together, as EndLoan does each,
        // with one IOTLB invalidation per IOMMU domain for all of them: when
        // this returns, no device reaches any of the memory.
        public void EndLoans(GrowableArray<DmaBuffer> lent)
        {
            for (int i = 0; i < lent.Count; i++) CheckLent(lent[i]);
            lock (Sync)
            {
                _unmapsUnflushed = Translation is not null;
                try
                {
                    for (int i = 0; i < lent.Count; i++) End(lent[i]);
                }
                finally
                {
                    _unmapsUnflushed = false;
                }
                string error = Translation?.FlushUnmaps();
                if (error is not null)
                {
                    DmaUnmapFailures++;
                    LastDmaUnmapError = "loans ended together: " + error;
                }
            }
        }

        private static void CheckLent(DmaBuffer lent)
        {
            if (!lent.IsLent) throw new System.ArgumentException("only a lent buffer's loan can end; pool buffers are freed");
        }

        // Revoked (which unmaps it) and dropped from its owner's list. Called with Sync held.
        private static void End(DmaBuffer lent)
        {
            lent.RevokeTree();
            lent.Owner.Remove(lent);
        }

        // Records a denial the kernel's policy decided (e.g. a BAR the device
        // lacks), so that it is counted and logged like the layer's own.
        public CapabilityDenial Deny(CapabilityOwner to, Capability source, DenialReason reason, string message)
        {
            lock (Sync) Audit.Record(to, source, false, default, reason, 0, message);
            return new CapabilityDenial(reason, message);
        }

        public void Revoke(Capability capability)
        {
            lock (Sync) capability.RevokeTree();
        }

        // Revokes everything the owner holds, at once. The list stays, so the
        // shell can show it and the DMA memory can be reclaimed afterwards.
        public void RevokeAll(CapabilityOwner owner)
        {
            lock (Sync) owner.RevokeAll();
        }

        // Frees the memory of the owner's revoked DMA buffers and returns its
        // revoked pools' quota to the budget. Only once the device can no longer
        // write to them (bus mastering off or the device reset). Returns the
        // buffer bytes freed.
        public ulong ReclaimDmaMemory(CapabilityOwner owner)
        {
            ulong freed = 0;
            lock (Sync)
                for (int i = 0; i < owner.CapabilityCount; i++)
                {
                    Capability capability = owner.CapabilityAt(i);
                    if (!capability.IsRevoked) continue;
                    if (capability is DmaBuffer buffer) freed += buffer.ReleaseMemory();
                    else if (capability is DmaPool pool && pool.ReturnQuota())
                        _dmaGrantedBytes -= pool.Bytes;
                }
            return freed;
        }

        // For a restart, after RevokeAll and once the device is stopped: reclaims
        // the DMA memory, then advances the owner's generation, so that any
        // reference kept from before is stale. The revocation is RevokeAll's
        // alone; a capability still valid here means a step was skipped, and
        // its memory could not be reclaimed, so that is refused.
        public void BeginNewGeneration(CapabilityOwner owner)
        {
            lock (Sync)
            {
                Capability unrevoked = owner.FirstUnrevoked();
                if (unrevoked is not null)
                    throw new System.InvalidOperationException(owner.Name + " still holds " + unrevoked.Describe() + ": revoke before a new generation");
                ReclaimDmaMemory(owner);
                owner.Advance();
            }
        }

        // A DMA of the owner's device that the IOMMU blocked (the kernel reads
        // it from the unit's fault record): logged and counted as a violation.
        public CapabilityEvent RecordDmaViolation(CapabilityOwner owner, ulong address, string detail)
        {
            lock (Sync) return Audit.Record(owner, null, true, ViolationReason.DmaBlocked, default, address, detail);
        }

        // Maps the whole pages under [deviceAddress, + bytes) for the owner's
        // device; null when done or there is no IOMMU. Called with Sync held.
        internal string MapForDevice(CapabilityOwner owner, ulong deviceAddress, ulong physicalAddress, ulong bytes, CapabilityRights rights)
        {
            if (Translation is null) return null;
            ulong inPage = physicalAddress & (DmaBuffer.PageSize - 1);
            return Translation.Map(owner, deviceAddress - inPage, physicalAddress - inPage, DmaBuffer.RoundToPages(inPage + bytes), rights);
        }

        // Called with Sync held. False: the device may still reach the memory,
        // which must then never be reused.
        internal bool UnmapForDevice(CapabilityOwner owner, ulong deviceAddress, ulong physicalAddress, ulong bytes, CapabilityRights rights)
        {
            ulong inPage = physicalAddress & (DmaBuffer.PageSize - 1);
            ulong start = deviceAddress - inPage, length = DmaBuffer.RoundToPages(inPage + bytes);
            string error = _unmapsUnflushed ? Translation.UnmapUnflushed(owner, start, length, rights) : Translation.Unmap(owner, start, length, rights);
            if (error is null) return true;
            DmaUnmapFailures++;
            LastDmaUnmapError = owner.Name + ": " + error;
            return false;
        }

        // The violation path: log and count (under the lock), then, without the
        // lock since the kernel's handler does not return, tell the handler.
        internal CapabilityViolationException ReportViolation(Capability capability, ViolationReason reason, ulong address)
        {
            CapabilityEvent violation;
            lock (Sync) violation = Audit.Record(capability.Owner, capability, true, reason, default, address, null);
            ViolationHandler?.OnViolation(violation);
            return new CapabilityViolationException(violation);
        }

        private sealed class RootOwner : CapabilityOwner
        {
            public RootOwner() : base("kernel") { }
        }
    }
}
