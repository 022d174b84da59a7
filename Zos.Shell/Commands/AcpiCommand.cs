using Zos.Hal.Acpi;

namespace Zos.Shell.Commands
{
    // Prints what the ACPI tables found at boot describe, one "key: value"
    // line per fact; repeated items get numbered keys (cpu0, cpu1, ...).
    public sealed class AcpiCommand(AcpiTables tables, string rsdpSource, string error) : ShellCommand
    {
        private readonly AcpiTables _tables = tables;
        private readonly string _rsdpSource = rsdpSource;
        private readonly string _error = error;

        public override string Name => "acpi";
        public override string Usage => "acpi";
        public override string Summary => "processors, interrupt controllers and timers from the ACPI tables";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            if (_tables is null)
            {
                output.WriteLine("acpi_error: " + _error);
                return null;
            }
            RootPointer rsdp = _tables.RootPointer;
            output.WriteLine("rsdp: " + _rsdpSource);
            output.WriteLine("rsdp_revision: " + rsdp.Revision.ToString());
            output.WriteLine("oem: " + rsdp.OemId);
            output.WriteLine("root_table: " + _tables.RootTable.Signature + " at " + Hex(_tables.RootTable.Header.Address));
            if (_tables.RootTable.XsdtRejection is not null) output.WriteLine("xsdt_rejected: " + _tables.RootTable.XsdtRejection);
            output.WriteLine("tables: " + TableList());
            WriteMadt(_tables.Madt, output);
            WriteHpet(_tables.Hpet, output);
            WriteMcfg(_tables.Mcfg, output);
            return null;
        }

        private string TableList()
        {
            string list = "";
            for (int i = 0; i < _tables.Tables.Length; i++)
                list = list + (i == 0 ? "" : " ") + _tables.Tables[i].Signature;
            return list;
        }

        private static void WriteMadt(MadtTable madt, TextSink output)
        {
            if (madt is null)
            {
                output.WriteLine("madt: none");
                return;
            }
            output.WriteLine("local_apic_address: " + Hex(madt.LocalApicAddress));
            output.WriteLine("pcat_compat: " + YesNo(madt.PcatCompatible));
            output.WriteLine("cpus: " + madt.Processors.Length.ToString());
            for (int i = 0; i < madt.Processors.Length; i++)
            {
                MadtProcessor cpu = madt.Processors[i];
                string state = cpu.Enabled ? "enabled" : cpu.OnlineCapable ? "online_capable" : "disabled";
                output.WriteLine("cpu" + i.ToString() + ": apic_id " + cpu.ApicId.ToString() + " uid " + cpu.ProcessorUid.ToString()
                    + " " + state + (cpu.IsX2Apic ? " x2apic" : ""));
            }
            output.WriteLine("ioapics: " + madt.IoApics.Length.ToString());
            for (int i = 0; i < madt.IoApics.Length; i++)
            {
                MadtIoApic ioApic = madt.IoApics[i];
                output.WriteLine("ioapic" + i.ToString() + ": id " + ioApic.Id.ToString() + " address " + Hex(ioApic.Address) + " gsi_base " + ioApic.GsiBase.ToString());
            }
            output.WriteLine("overrides: " + madt.Overrides.Length.ToString());
            for (int i = 0; i < madt.Overrides.Length; i++)
            {
                MadtInterruptOverride entry = madt.Overrides[i];
                output.WriteLine("override" + i.ToString() + ": bus " + entry.Bus.ToString() + " irq " + entry.Source.ToString()
                    + " gsi " + entry.Gsi.ToString() + Flags(entry.Flags));
            }
            output.WriteLine("nmi_sources: " + madt.NmiSources.Length.ToString());
            for (int i = 0; i < madt.NmiSources.Length; i++)
                output.WriteLine("nmi_source" + i.ToString() + ": gsi " + madt.NmiSources[i].Gsi.ToString() + Flags(madt.NmiSources[i].Flags));
            output.WriteLine("local_nmis: " + madt.LocalApicNmis.Length.ToString());
            for (int i = 0; i < madt.LocalApicNmis.Length; i++)
            {
                MadtLocalApicNmi nmi = madt.LocalApicNmis[i];
                output.WriteLine("local_nmi" + i.ToString() + ": uid " + (nmi.AllProcessors ? "all" : nmi.ProcessorUid.ToString())
                    + " lint " + nmi.Lint.ToString() + Flags(nmi.Flags));
            }
            if (madt.SkippedEntries != 0) output.WriteLine("madt_skipped_entries: " + madt.SkippedEntries.ToString());
        }

        private static void WriteHpet(HpetTable hpet, TextSink output)
        {
            if (hpet is null)
            {
                output.WriteLine("hpet: none");
                return;
            }
            output.WriteLine("hpet_address: " + Hex(hpet.BaseAddress.Address) + (hpet.BaseAddress.Space == AddressSpace.SystemMemory ? "" : " space " + ((byte)hpet.BaseAddress.Space).ToString()));
            output.WriteLine("hpet_comparators: " + hpet.ComparatorCount.ToString());
            output.WriteLine("hpet_counter_bits: " + hpet.CounterBits.ToString());
            output.WriteLine("hpet_min_tick: " + hpet.MinimumTick.ToString());
            output.WriteLine("hpet_vendor: " + Hex(hpet.PciVendorId));
        }

        private static void WriteMcfg(McfgTable mcfg, TextSink output)
        {
            int count = mcfg is null ? 0 : mcfg.Segments.Length;
            output.WriteLine("mcfg_segments: " + count.ToString());
            for (int i = 0; i < count; i++)
            {
                PciSegmentGroup group = mcfg.Segments[i];
                output.WriteLine("mcfg" + i.ToString() + ": segment " + group.Segment.ToString() + " buses " + group.StartBus.ToString() + "-"
                    + group.EndBus.ToString() + " address " + Hex(group.BaseAddress));
            }
        }

        private static string Flags(InterruptFlags flags) =>
            " polarity " + Polarity(flags.Polarity) + " trigger " + Trigger(flags.Trigger);

        private static string Polarity(InterruptPolarity polarity) =>
            polarity == InterruptPolarity.ConformsToBus ? "bus" : polarity == InterruptPolarity.ActiveHigh ? "high" : polarity == InterruptPolarity.ActiveLow ? "low" : "reserved";

        private static string Trigger(InterruptTrigger trigger) =>
            trigger == InterruptTrigger.ConformsToBus ? "bus" : trigger == InterruptTrigger.Edge ? "edge" : trigger == InterruptTrigger.Level ? "level" : "reserved";

        private static string YesNo(bool value) => value ? "yes" : "no";

        private static string Hex(ulong value) => "0x" + value.ToString("x");
    }
}
