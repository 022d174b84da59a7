using Zos.Hal;
using Zos.Hal.Memory;

namespace Zos.Kernel.Iommu
{
    // One VT-d remapping unit (a DMAR DRHD), driven through its registers
    // (VT-d 3.4, chapter 10) with register-based invalidation: a legacy-mode
    // root table (one entry per bus) → context tables (one entry per
    // device/function: present, translation type 0, 39-bit address width,
    // domain id) → each domain's second-level tables. Every device the unit
    // covers and no domain claims is blocked: its root or context entry is not
    // present, so its DMA faults. Callers serialize (the kernel: one lock).
    public sealed class VtdUnit
    {
        // 10.4: register offsets.
        private const ulong VersionRegister = 0x00, CapabilityRegister = 0x08, ExtendedCapabilityRegister = 0x10;
        private const ulong GlobalCommandRegister = 0x18, GlobalStatusRegister = 0x1C, RootTableAddressRegister = 0x20;
        private const ulong ContextCommandRegister = 0x28, FaultStatusRegister = 0x34, FaultEventControlRegister = 0x38;
        private const ulong FaultEventDataRegister = 0x3C, FaultEventAddressRegister = 0x40, FaultEventUpperAddressRegister = 0x44;

        // 10.4.4/10.4.5: GCMD and GSTS share bit positions.
        private const uint TranslationEnable = 1u << 31, SetRootTablePointer = 1u << 30;
        // 10.4.4: the status bits that are one-shot (RTPS, FLS, WBFS, IRTPS) are not written back as commands.
        private const uint PersistentStatusBits = 0x96FF_FFFF;

        // 10.4.7 CCMD: ICC (63), CIRG (62:61), CAIG (60:59), source id (31:16), domain id (15:0).
        private const ulong ContextCacheInvalidationBit = 1UL << 63;
        private const int ContextRequestShift = 61, ContextActualShift = 59;
        // 10.4.8.1 IOTLB_REG: IVT (63), IIRG (61:60), IAIG (58:57), DR (49), DW (48), domain id (47:32).
        private const ulong IotlbInvalidationBit = 1UL << 63, DrainReads = 1UL << 49, DrainWrites = 1UL << 48;
        private const int IotlbRequestShift = 60, IotlbActualShift = 57;
        private const ulong GlobalGranularity = 1, DomainGranularity = 2, DeviceOrPageGranularity = 3;

        // 10.4.6: FSTS.PFO (0, write 1 to clear), PPF (1), FRI (15:8); 10.4.14: F is bit 127 of a record.
        private const uint PrimaryFaultOverflow = 1, PrimaryPendingFault = 2;
        private const uint FaultBitInTopDword = 1u << 31;

        // 9.1 root entry and 9.3 context entry bits.
        private const ulong PresentBit = 1;
        private const ulong AddressWidth39Bits = 1;   // context entry AW (bits 66:64): 3-level tables
        private const ulong PageMask = 0xFFF;

        private const int PollLimit = 1_000_000;
        private const int EntriesPerTable = 256;

        private readonly PhysicalMemory _registers;
        private readonly ulong _base;
        private readonly IommuTableMemory _tables;
        private readonly int _hostAddressWidth;
        private readonly ulong _iotlbRegisters;
        private readonly ulong _faultRecords;
        private readonly int _faultRecordCount;
        private readonly ulong _rootTable;
        private readonly GrowableArray<VtdDomain> _domains = new GrowableArray<VtdDomain>();
        // Which domain each attached source id is in, for faults.
        private readonly GrowableArray<ushort> _attachedSources = new GrowableArray<ushort>();
        private readonly GrowableArray<VtdDomain> _attachedDomains = new GrowableArray<VtdDomain>();

        private VtdUnit(PhysicalMemory registers, ulong registerBase, IommuTableMemory tables, int hostAddressWidth, ulong rootTable)
        {
            _registers = registers;
            _base = registerBase;
            _tables = tables;
            _hostAddressWidth = hostAddressWidth;
            _rootTable = rootTable;
            Version = registers.Read32(registerBase + VersionRegister);
            Capabilities = registers.Read64(registerBase + CapabilityRegister);
            ExtendedCapabilities = registers.Read64(registerBase + ExtendedCapabilityRegister);
            // 10.4.3 ECAP.IRO (17:8) and 10.4.2 CAP.FRO (33:24): offsets in 16-byte units; CAP.NFR (47:40) + 1 records.
            _iotlbRegisters = ((ExtendedCapabilities >> 8) & 0x3FF) * 16;
            _faultRecords = ((Capabilities >> 24) & 0x3FF) * 16;
            _faultRecordCount = (int)((Capabilities >> 40) & 0xFF) + 1;
        }

        public ulong RegisterBase => _base;
        public uint Version { get; }
        public ulong Capabilities { get; }
        public ulong ExtendedCapabilities { get; }
        public bool TranslationEnabled => (GlobalStatus & TranslationEnable) != 0;
        public int DomainCount => _domains.Count;
        public VtdDomain Domain(int index) => _domains[index];
        public int FaultsRecorded { get; private set; }
        public int FaultOverflows { get; private set; }

        // 10.4.2 CAP: ND (2:0) → 2^(4 + 2·ND) domain ids; RWBF (4); CM (7); SAGAW (12:8); SLLPS (37:34); PSI (39); MAMV (53:48); DWD (54); DRD (55).
        private int DomainIds => 1 << (4 + 2 * (int)(Capabilities & 7));
        private bool NeedsWriteBufferFlush => (Capabilities & (1UL << 4)) != 0;
        private bool CachingMode => (Capabilities & (1UL << 7)) != 0;
        private bool Supports39BitTables => (Capabilities & (1UL << 9)) != 0;
        private bool SupportsTwoMibPages => (Capabilities & (1UL << 34)) != 0;
        private bool PageSelectiveInvalidation => (Capabilities & (1UL << 39)) != 0;
        private int MaximumAddressMask => (int)((Capabilities >> 48) & 0x3F);
        private ulong DrainBits => ((Capabilities & (1UL << 55)) != 0 ? DrainReads : 0) | ((Capabilities & (1UL << 54)) != 0 ? DrainWrites : 0);
        // 10.4.3 ECAP.C (0): the unit snoops CPU caches when walking tables.
        public bool Coherent => (ExtendedCapabilities & 1) != 0;

        private uint GlobalStatus => _registers.Read32(_base + GlobalStatusRegister);

        // Brings the unit up with every device blocked: an empty root table
        // (6.6: set the root table pointer, then invalidate the context cache
        // and IOTLB globally, since the unit may hold entries from the old
        // pointer), then translation enabled. Null, or why the unit is not used.
        public static string TryStart(PhysicalMemory registers, ulong registerBase, int hostAddressWidth, IommuTableMemory tables, out VtdUnit unit)
        {
            unit = null;
            string error = registers.MapDevice(registerBase, 4096);
            if (error is not null) return "VT-d registers at 0x" + registerBase.ToString("x") + ": " + error;
            if (!tables.TryAllocateTable(out ulong root)) return "no frame left for the root table";
            var started = new VtdUnit(registers, registerBase, tables, hostAddressWidth, root);
            error = started.Start();
            if (error is not null)
            {
                tables.FreeTable(root);
                return error;
            }
            unit = started;
            return null;
        }

        private string Start()
        {
            if (!Supports39BitTables) return "the unit has no 3-level (39-bit) second-level tables (CAP.SAGAW 0x" + ((Capabilities >> 8) & 0x1F).ToString("x") + ")";
            if (NeedsWriteBufferFlush) return "the unit needs write-buffer flushing (CAP.RWBF), which Zos does not do";
            _tables.WriteBackForDevice(_rootTable, IommuTableMemory.TableSize);
            _registers.Write64(_base + RootTableAddressRegister, _rootTable);   // 10.4.6: TTM 00, legacy mode
            string error = Command(SetRootTablePointer, SetRootTablePointer, "GSTS.RTPS");
            if (error is null) error = InvalidateContextCache(GlobalGranularity, 0, 0);
            if (error is null) error = InvalidateIotlb(GlobalGranularity, 0, 0, 0);
            if (error is null) error = Command(TranslationEnable, TranslationEnable, "GSTS.TES");
            return error;
        }

        // A new domain with empty tables: its devices reach nothing until mapped.
        public string CreateDomain(string owner, out VtdDomain domain)
        {
            domain = null;
            // Id 0 is reserved when CM is set (3.4.3); Zos never uses it.
            int id = _domains.Count + 1;
            if (id >= DomainIds) return "all " + DomainIds.ToString() + " domain ids are in use";
            string error = SecondLevelTables.TryCreate(_tables, _hostAddressWidth, SupportsTwoMibPages, out SecondLevelTables tables);
            if (error is not null) return error;
            domain = new VtdDomain((ushort)id, owner, tables);
            _domains.Add(domain);
            return null;
        }

        // Points the device's context entry at the domain (9.3), then
        // invalidates its cached context entry (6.5.3.3).
        public string Attach(ushort sourceId, VtdDomain domain)
        {
            if (DomainOf(sourceId) is not null) return VtdFault.SourceText(sourceId) + " is attached to " + DomainOf(sourceId).Owner;
            ulong contextTable = ContextTableFor(sourceId >> 8, create: true);
            if (contextTable == 0) return "no frame left for a context table";
            ulong entry = contextTable + (ulong)(sourceId & 0xFF) * 16;
            // The upper half first: the unit must never see P with a half-written entry.
            _tables.WriteEntry(entry + 8, AddressWidth39Bits | (ulong)domain.Id << 8);
            _tables.WriteEntry(entry, domain.Tables.Root | PresentBit);   // TT 00: translate through the second-level tables
            _tables.WriteBackForDevice(entry, 16);
            _attachedSources.Add(sourceId);
            _attachedDomains.Add(domain);
            domain.Devices++;
            // CM = 0 units cache no not-present entries; invalidating anyway costs one command at attach time.
            return InvalidateContextCache(DeviceOrPageGranularity, sourceId, domain.Id);
        }

        // Blocks the device again: context entry not present, its cached context
        // entry and the domain's translations invalidated (6.5.3.3), so when
        // this returns the device reaches nothing.
        public string Detach(ushort sourceId)
        {
            int index = AttachedIndex(sourceId);
            if (index < 0) return VtdFault.SourceText(sourceId) + " is not attached";
            VtdDomain domain = _attachedDomains[index];
            ulong entry = ContextTableFor(sourceId >> 8, create: false) + (ulong)(sourceId & 0xFF) * 16;
            _tables.WriteEntry(entry, 0);
            _tables.WriteEntry(entry + 8, 0);
            _tables.WriteBackForDevice(entry, 16);
            _attachedSources.RemoveAt(index);
            _attachedDomains.RemoveAt(index);
            domain.Devices--;
            string error = InvalidateContextCache(DeviceOrPageGranularity, sourceId, domain.Id);
            return error ?? InvalidateIotlb(DomainGranularity, domain.Id, 0, 0);
        }

        public string Map(VtdDomain domain, ulong deviceAddress, ulong physicalAddress, ulong length, DmaAccess access)
        {
            string error = domain.Tables.Map(deviceAddress, physicalAddress, length, access);
            if (error is not null) return error;
            // 6.1: a unit in caching mode (a virtual one shadowing the tables) caches not-present entries too.
            return CachingMode ? InvalidateRange(domain, deviceAddress, length) : null;
        }

        // Unmaps, then invalidates the domain's cached translations of the
        // range, draining the device's reads and writes in flight where the unit
        // can (CAP.DRD/DWD). When this returns null the device can no longer
        // reach the memory, which may then be reused. Without `invalidate` the
        // unit may still use cached translations until Invalidate covers the range.
        public string Unmap(VtdDomain domain, ulong deviceAddress, ulong length, bool invalidate = true)
        {
            string error = domain.Tables.Unmap(deviceAddress, length);
            return error ?? (invalidate ? InvalidateRange(domain, deviceAddress, length) : null);
        }

        // Drops the domain's cached translations of the range (one invalidation).
        public string Invalidate(VtdDomain domain, ulong deviceAddress, ulong length) => InvalidateRange(domain, deviceAddress, length);

        // New rights for a mapped range, then its cached translations invalidated (unless left to Invalidate).
        public string ChangeAccess(VtdDomain domain, ulong deviceAddress, ulong length, DmaAccess access, bool invalidate = true)
        {
            string error = domain.Tables.ChangeAccess(deviceAddress, length, access);
            return error ?? (invalidate ? InvalidateRange(domain, deviceAddress, length) : null);
        }

        // The domain a source id is attached to, or null.
        public VtdDomain DomainOf(ushort sourceId)
        {
            int index = AttachedIndex(sourceId);
            return index < 0 ? null : _attachedDomains[index];
        }

        // Fault events as an MSI (10.4.9-10.4.12): data = vector, address =
        // the local APIC's message address; then FECTL.IM (bit 31) cleared.
        public void EnableFaultInterrupt(uint messageAddress, uint messageData)
        {
            _registers.Write32(_base + FaultEventDataRegister, messageData);
            _registers.Write32(_base + FaultEventAddressRegister, messageAddress);
            _registers.Write32(_base + FaultEventUpperAddressRegister, 0);
            _registers.Write32(_base + FaultEventControlRegister, 0);
        }

        // FSTS.PPF: a fault record waits (10.4.6).
        public bool FaultPending => (_registers.Read32(_base + FaultStatusRegister) & PrimaryPendingFault) != 0;

        // Reads and clears the pending primary fault records (7.3.1: from
        // FSTS.FRI on, while F is set, clearing each F; then PFO). Returns how
        // many were written into `into`; records beyond its length are cleared and counted only.
        public int TakeFaults(VtdFault[] into)
        {
            uint status = _registers.Read32(_base + FaultStatusRegister);
            int taken = 0;
            if ((status & PrimaryPendingFault) != 0)
            {
                int index = (int)((status >> 8) & 0xFF) % _faultRecordCount;
                for (int seen = 0; seen < _faultRecordCount; seen++)
                {
                    ulong record = _base + _faultRecords + (ulong)index * 16;
                    ulong high = _registers.Read64(record + 8);
                    if ((high & (1UL << 63)) == 0) break;
                    ulong low = _registers.Read64(record);
                    // 10.4.14: SID 79:64, FR 103:96, T 126 (0 write, 1 read), FI 63:12.
                    var fault = new VtdFault((ushort)high, (byte)(high >> 32), low & ~PageMask, (high & (1UL << 62)) == 0, DomainOf((ushort)high));
                    _registers.Write32(record + 12, FaultBitInTopDword);
                    if (fault.Domain is not null) fault.Domain.Faults++;
                    FaultsRecorded++;
                    if (taken < into.Length) into[taken++] = fault;
                    index = (index + 1) % _faultRecordCount;
                }
            }
            if ((status & PrimaryFaultOverflow) != 0)
            {
                FaultOverflows++;
                _registers.Write32(_base + FaultStatusRegister, PrimaryFaultOverflow);
            }
            return taken;
        }

        // One page-selective invalidation of the smallest aligned power-of-two
        // block covering the range (10.4.8.2: IVA.AM), when the unit has them and
        // the block is within CAP.MAMV; else the whole domain.
        private string InvalidateRange(VtdDomain domain, ulong deviceAddress, ulong length)
        {
            ulong firstPage = deviceAddress >> 12, lastPage = (deviceAddress + length - 1) >> 12;
            int mask = 0;
            while ((firstPage >> mask) != (lastPage >> mask)) mask++;
            if (!PageSelectiveInvalidation || mask > MaximumAddressMask) return InvalidateIotlb(DomainGranularity, domain.Id, 0, 0);
            return InvalidateIotlb(DeviceOrPageGranularity, domain.Id, (firstPage >> mask) << (12 + mask), mask);
        }

        private string InvalidateContextCache(ulong granularity, ushort sourceId, ushort domainId)
        {
            ulong register = _base + ContextCommandRegister;
            _registers.Write64(register, ContextCacheInvalidationBit | granularity << ContextRequestShift | (ulong)sourceId << 16 | domainId);
            for (int i = 0; i < PollLimit; i++)
            {
                ulong value = _registers.Read64(register);
                if ((value & ContextCacheInvalidationBit) != 0) continue;
                // 10.4.7 CAIG 0: the unit did not perform the invalidation.
                return ((value >> ContextActualShift) & 3) != 0 ? null : "the unit refused a context-cache invalidation";
            }
            return "the context-cache invalidation did not complete (CCMD.ICC stayed set)";
        }

        private string InvalidateIotlb(ulong granularity, ushort domainId, ulong address, int addressMask)
        {
            ulong register = _base + _iotlbRegisters + 8;
            if (granularity == DeviceOrPageGranularity) _registers.Write64(_base + _iotlbRegisters, address | (uint)addressMask);
            _registers.Write64(register, IotlbInvalidationBit | granularity << IotlbRequestShift | DrainBits | (ulong)domainId << 32);
            for (int i = 0; i < PollLimit; i++)
            {
                ulong value = _registers.Read64(register);
                if ((value & IotlbInvalidationBit) != 0) continue;
                // 10.4.8.1 IAIG 0: the unit did not perform the invalidation.
                return ((value >> IotlbActualShift) & 3) != 0 ? null : "the unit refused an IOTLB invalidation";
            }
            return "the IOTLB invalidation did not complete (IOTLB_REG.IVT stayed set)";
        }

        // 10.4.4: the persistent status bits with one command added; then wait for its status bit.
        private string Command(uint command, uint status, string statusName)
        {
            _registers.Write32(_base + GlobalCommandRegister, (GlobalStatus & PersistentStatusBits) | command);
            for (int i = 0; i < PollLimit; i++)
                if ((GlobalStatus & status) != 0) return null;
            return statusName + " did not set";
        }

        // The context table of a bus (the root entry's CTP, 9.1), made when absent; 0 when absent and not made.
        private ulong ContextTableFor(int bus, bool create)
        {
            ulong rootEntry = _rootTable + (ulong)bus * 16;
            ulong entry = _tables.ReadEntry(rootEntry);
            if ((entry & PresentBit) != 0) return entry & ~PageMask;
            if (!create || !_tables.TryAllocateTable(out ulong table)) return 0;
            _tables.WriteBackForDevice(table, IommuTableMemory.TableSize);
            _tables.WriteEntry(rootEntry, table | PresentBit);
            _tables.WriteBackForDevice(rootEntry, 8);
            return table;
        }

        private int AttachedIndex(ushort sourceId)
        {
            for (int i = 0; i < _attachedSources.Count; i++)
                if (_attachedSources[i] == sourceId) return i;
            return -1;
        }
    }
}
