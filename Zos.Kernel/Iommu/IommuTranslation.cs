using System;
using Zos.Hal;
using Zos.Hal.Acpi;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;

namespace Zos.Kernel.Iommu
{
    // The kernel's IOMMU as the capability authority sees it: every VT-d unit
    // the DMAR table lists, brought up with every device blocked, and one
    // domain per driver instance's device (Attach) in which exactly the
    // instance's DMA buffers are mapped, device address = physical address
    // (docs/iommu.md). One lock serializes the units; the authority calls
    // Map and Unmap with its own lock held, never the other way round.
    public sealed class IommuTranslation : DmaTranslation
    {
        private readonly object _sync = new object();
        private readonly DmarRemappingUnit[] _dmarUnits;
        private readonly DmarReservedRegion[] _reserved;
        private readonly VtdUnit[] _units;
        private readonly GrowableArray<CapabilityOwner> _owners = new GrowableArray<CapabilityOwner>();
        private readonly GrowableArray<DeviceDomain> _domains = new GrowableArray<DeviceDomain>();
        private readonly VtdFault[] _faultScratch = new VtdFault[8];

        private IommuTranslation(DmarRemappingUnit[] dmarUnits, DmarReservedRegion[] reserved, VtdUnit[] units, string[] unitErrors)
        {
            _dmarUnits = dmarUnits;
            _reserved = reserved;
            _units = units;
            UnitErrors = unitErrors;
        }

        // Starts every unit (VtdUnit.TryStart): from then on each device they
        // cover is blocked until attached. A unit that does not start is left
        // off, with its reason in UnitErrors, and its devices stay untranslated.
        public static IommuTranslation Start(DmarRemappingUnit[] dmarUnits, DmarReservedRegion[] reserved, int hostAddressWidth,
            PhysicalMemory registers, IommuTableMemory tables)
        {
            var units = new VtdUnit[dmarUnits.Length];
            var errors = new string[dmarUnits.Length];
            for (int i = 0; i < dmarUnits.Length; i++)
                errors[i] = VtdUnit.TryStart(registers, dmarUnits[i].RegisterBase, hostAddressWidth, tables, out units[i]);
            return new IommuTranslation(dmarUnits, reserved, units, errors);
        }

        // Why a platform's DMA goes unchecked for want of a usable DMAR table; null when it has one.
        public static string WhyNoTable(AcpiTables tables) =>
            tables?.Dmar is not null ? null
            : tables?.DmarError is not null ? "the DMAR table is malformed: " + tables.DmarError
            : "no DMAR table: the platform reports no DMA remapping hardware";

        // Per DMAR unit: null, or why it is not translating.
        public string[] UnitErrors { get; }
        public int UnitCount => _units.Length;
        public VtdUnit Unit(int index) => _units[index];
        public bool Translating
        {
            get
            {
                for (int i = 0; i < _units.Length; i++)
                    if (_units[i] is not null) return true;
                return false;
            }
        }

        // Gives the owner's device (its PCI requester id) a domain of its own
        // on the unit that covers it, with the reserved regions (RMRRs) that
        // name it mapped at their own addresses. Null when done, or when no
        // running unit covers the device (its DMA is then unchecked: Domain
        // stays null); otherwise why the device stays blocked.
        public string Attach(CapabilityOwner owner, ushort sourceId)
        {
            lock (_sync)
            {
                VtdUnit unit = UnitCovering(sourceId);
                if (unit is null) return null;
                string error = unit.CreateDomain(owner.Name, out VtdDomain domain);
                if (error is not null) return error;
                for (int i = 0; i < _reserved.Length && error is null; i++)
                    if (Names(_reserved[i].Scopes, sourceId))
                        error = unit.Map(domain, _reserved[i].BaseAddress, _reserved[i].BaseAddress, _reserved[i].Bytes, DmaAccess.ReadWrite);
                error ??= unit.Attach(sourceId, domain);
                if (error is not null) return error;
                _owners.Add(owner);
                _domains.Add(new DeviceDomain(unit, domain, sourceId));
                return null;
            }
        }

        public int DomainCount
        {
            get { lock (_sync) return _domains.Count; }
        }

        public DeviceDomain DomainAt(int index)
        {
            lock (_sync) return index < _domains.Count ? _domains[index] : null;
        }

        // Fault records read so far, and the last one in words.
        public int FaultsTaken { get; private set; }
        public string LastFault { get; private set; }

        // The owner's domain, or null (not attached: unchecked).
        public DeviceDomain DomainOf(CapabilityOwner owner)
        {
            lock (_sync) return Find(owner);
        }

        // What the mappings cost, for `iommu` and the benchmark: calls into a
        // domain and the time they took (by Clock, in nanoseconds; 0 without one).
        public Func<ulong> Clock { get; set; }
        private ulong Now => Clock?.Invoke() ?? 0;
        public ulong MapCalls { get; private set; }
        public ulong UnmapCalls { get; private set; }
        public ulong MapNanoseconds { get; private set; }
        public ulong UnmapNanoseconds { get; private set; }

        public override string Map(CapabilityOwner owner, ulong deviceAddress, ulong physicalAddress, ulong bytes, CapabilityRights rights)
        {
            lock (_sync)
            {
                DeviceDomain domain = Find(owner);
                if (domain is null) return null;
                ulong start = Now;
                string error = domain.Map(deviceAddress, physicalAddress, bytes, AccessOf(rights));
                MapCalls++;
                MapNanoseconds += Now - start;
                return error;
            }
        }

        public override string Unmap(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights) =>
            Unmap(owner, deviceAddress, bytes, rights, deferInvalidation: false);

        public override string UnmapUnflushed(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights) =>
            Unmap(owner, deviceAddress, bytes, rights, deferInvalidation: true);

        // One invalidation per domain with deferred unmaps (each domain's pending range).
        public override string FlushUnmaps()
        {
            lock (_sync)
            {
                ulong start = Now;
                string firstError = null;
                for (int i = 0; i < _domains.Count; i++) firstError ??= _domains[i].Flush();
                UnmapNanoseconds += Now - start;
                return firstError;
            }
        }

        private string Unmap(CapabilityOwner owner, ulong deviceAddress, ulong bytes, CapabilityRights rights, bool deferInvalidation)
        {
            lock (_sync)
            {
                DeviceDomain domain = Find(owner);
                if (domain is null) return null;
                ulong start = Now;
                string error = domain.Unmap(deviceAddress, bytes, AccessOf(rights), deferInvalidation);
                UnmapCalls++;
                UnmapNanoseconds += Now - start;
                return error;
            }
        }

        // Whether any unit has a fault record waiting (one register read each,
        // no lock: reading FSTS changes nothing).
        public bool FaultPending
        {
            get
            {
                for (int i = 0; i < _units.Length; i++)
                    if (_units[i] is not null && _units[i].FaultPending) return true;
                return false;
            }
        }

        // Reads and clears every unit's fault records; `onFault` hears each
        // with the owner its device is attached for (null: no driver's).
        // Returns how many were read.
        public int TakeFaults(Action<VtdFault, CapabilityOwner> onFault)
        {
            int count = 0;
            for (int i = 0; i < _units.Length; i++)
            {
                if (_units[i] is null) continue;
                int taken;
                lock (_sync) taken = _units[i].TakeFaults(_faultScratch);
                for (int j = 0; j < taken; j++)
                {
                    VtdFault fault = _faultScratch[j];
                    FaultsTaken++;
                    LastFault = fault.ToString();
                    onFault(fault, OwnerOf(fault.Domain));
                    count++;
                }
            }
            return count;
        }

        private CapabilityOwner OwnerOf(VtdDomain domain)
        {
            lock (_sync)
                for (int i = 0; i < _domains.Count; i++)
                    if (_domains[i].Domain == domain) return _owners[i];
            return null;
        }

        private DeviceDomain Find(CapabilityOwner owner)
        {
            for (int i = 0; i < _owners.Count; i++)
                if (_owners[i] == owner) return _domains[i];
            return null;
        }

        // 8.3: a unit listing the device in its scopes; else the segment's
        // INCLUDE_PCI_ALL unit. Scopes behind bridges (paths of more than one
        // hop) are not followed: QEMU lists bus-0 functions only.
        private VtdUnit UnitCovering(ushort sourceId)
        {
            for (int i = 0; i < _dmarUnits.Length; i++)
                if (_units[i] is not null && Names(_dmarUnits[i].Scopes, sourceId)) return _units[i];
            for (int i = 0; i < _dmarUnits.Length; i++)
                if (_units[i] is not null && _dmarUnits[i].IncludesAllPci && _dmarUnits[i].Segment == 0) return _units[i];
            return null;
        }

        private static bool Names(DmarDeviceScope[] scopes, ushort sourceId)
        {
            for (int i = 0; i < scopes.Length; i++)
                if ((scopes[i].Type == DmarScopeType.PciEndpoint || scopes[i].Type == DmarScopeType.PciSubHierarchy)
                    && scopes[i].TryGetSourceIdOnStartBus(out ushort scoped) && scoped == sourceId)
                    return true;
            return false;
        }

        private static DmaAccess AccessOf(CapabilityRights rights) =>
            ((rights & CapabilityRights.Read) != 0 ? DmaAccess.Read : DmaAccess.None) | ((rights & CapabilityRights.Write) != 0 ? DmaAccess.Write : DmaAccess.None);
    }
}
