namespace Zos.Hal.Acpi
{
    // Which local APIC input (LINT0 or LINT1) carries NMI, for one processor
    // or for all of them (MADT type 4 with 8-bit processor UIDs, type 10 with
    // 32-bit ones; an all-ones UID means every processor).
    public readonly struct MadtLocalApicNmi
    {
        public MadtLocalApicNmi(uint processorUid, bool allProcessors, byte lint, InterruptFlags flags, bool isX2Apic)
        {
            ProcessorUid = processorUid;
            AllProcessors = allProcessors;
            Lint = lint;
            Flags = flags;
            IsX2Apic = isX2Apic;
        }

        public uint ProcessorUid { get; }
        public bool AllProcessors { get; }
        public byte Lint { get; }
        public InterruptFlags Flags { get; }
        public bool IsX2Apic { get; }
    }
}
