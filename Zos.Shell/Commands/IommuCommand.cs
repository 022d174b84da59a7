using System;
using Zos.Hal.Acpi;
using Zos.Kernel.Iommu;

namespace Zos.Shell.Commands
{
    // Whether DMA is checked (and how faults reach the kernel) or why not;
    // the platform's DMA remapping hardware as the ACPI DMAR table describes
    // it (VT-d specification 3.4, chapter 8): each remapping unit, the devices
    // it covers, the memory reserved for devices; then, with translation on,
    // each unit's state, one domain per driver instance with what its buffers
    // map, the instances left unchecked, and the faults read (docs/iommu.md).
    // translation: null when DMA is unchecked, then uncheckedReason says why.
    public sealed class IommuCommand(AcpiTables tables, IommuTranslation translation, string uncheckedReason, string faultDelivery,
        string[] unattached, Func<string> strayDmaTarget) : ShellCommand
    {
        private readonly AcpiTables _tables = tables;

        public override string Name => "iommu";
        public override string Usage => "iommu";
        public override string Summary => "whether DMA is checked, and the DMA remapping units the DMAR table describes";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            DmarTable dmar = _tables?.Dmar;
            output.WriteLine(translation is null ? "dma: unchecked: " + uncheckedReason : "dma: checked by VT-d, faults by " + faultDelivery);
            if (dmar is null) return null;
            output.WriteLine("dmar_host_address_width: " + dmar.HostAddressWidth.ToString());
            output.WriteLine("dmar_flags: interrupt_remapping=" + YesNo(dmar.InterruptRemapping) + " x2apic_opt_out=" + YesNo(dmar.X2ApicOptOut)
                + " dma_control_opt_in=" + YesNo(dmar.DmaControlOptIn));
            for (int i = 0; i < dmar.Units.Length; i++)
            {
                DmarRemappingUnit unit = dmar.Units[i];
                output.WriteLine("unit" + i.ToString() + ": registers=0x" + unit.RegisterBase.ToString("x") + " bytes=" + unit.RegisterBytes.ToString()
                    + " segment=" + unit.Segment.ToString() + " include_pci_all=" + YesNo(unit.IncludesAllPci) + Scopes(unit.Scopes));
            }
            for (int i = 0; i < dmar.ReservedRegions.Length; i++)
            {
                DmarReservedRegion region = dmar.ReservedRegions[i];
                output.WriteLine("reserved" + i.ToString() + ": 0x" + region.BaseAddress.ToString("x") + "-0x" + region.LimitAddress.ToString("x")
                    + " segment=" + region.Segment.ToString() + Scopes(region.Scopes));
            }
            if (dmar.SkippedStructures > 0) output.WriteLine("dmar_skipped: " + dmar.SkippedStructures.ToString() + " structures Zos does not use");
            if (translation is not null) WriteTranslation(output);
            return null;
        }

        private void WriteTranslation(TextSink output)
        {
            for (int i = 0; i < translation.UnitCount; i++)
            {
                VtdUnit unit = translation.Unit(i);
                output.WriteLine("unit" + i.ToString() + "_state: " + (unit is null ? "off: " + translation.UnitErrors[i]
                    : "translation=" + (unit.TranslationEnabled ? "on" : "off") + " domains=" + unit.DomainCount.ToString()
                        + " faults=" + unit.FaultsRecorded.ToString() + " overflows=" + unit.FaultOverflows.ToString()));
            }
            for (int i = 0; i < translation.DomainCount; i++)
            {
                DeviceDomain domain = translation.DomainAt(i);
                output.WriteLine("domain " + domain.Domain.Owner + ": id=" + domain.Domain.Id.ToString() + " device=" + VtdFault.SourceText(domain.SourceId)
                    + " buffers=" + domain.Buffers.ToString() + " mapped_bytes=" + domain.MappedBytes.ToString() + " faults=" + domain.Domain.Faults.ToString());
            }
            for (int i = 0; i < unattached.Length; i++) output.WriteLine("unchecked " + unattached[i]);
            output.WriteLine("mapping_cost: maps=" + translation.MapCalls.ToString() + " map_us=" + (translation.MapNanoseconds / 1000).ToString()
                + " unmaps=" + translation.UnmapCalls.ToString() + " unmap_us=" + (translation.UnmapNanoseconds / 1000).ToString());
            output.WriteLine("faults: " + translation.FaultsTaken.ToString() + (translation.LastFault is null ? "" : " last: " + translation.LastFault));
            string target = strayDmaTarget();
            if (target is not null) output.WriteLine("stray_dma_target: " + target);
        }

        // " scopes=ioapic:0@ff:1f.0,endpoint@00:02.0,subtree@00:1c.0/00.0".
        private static string Scopes(DmarDeviceScope[] scopes)
        {
            string text = "";
            for (int i = 0; i < scopes.Length; i++)
            {
                DmarDeviceScope scope = scopes[i];
                text += (i == 0 ? " scopes=" : ",") + TypeName(scope) + "@" + scope.StartBus.ToString("x2") + ":";
                for (int hop = 0; hop < scope.PathLength; hop++)
                    text += (hop == 0 ? "" : "/") + scope.Device(hop).ToString("x2") + "." + scope.Function(hop).ToString("x");
            }
            return text;
        }

        private static string TypeName(DmarDeviceScope scope) => scope.Type switch
        {
            DmarScopeType.PciEndpoint => "endpoint",
            DmarScopeType.PciSubHierarchy => "subtree",
            DmarScopeType.IoApic => "ioapic:" + scope.EnumerationId.ToString(),
            DmarScopeType.HpetMsi => "hpet:" + scope.EnumerationId.ToString(),
            _ => "acpi:" + scope.EnumerationId.ToString(),
        };

        private static string YesNo(bool value) => value ? "yes" : "no";
    }
}
