namespace Zos.Hal.Acpi
{
    // A processor's local APIC, from a MADT Processor Local APIC entry (type
    // 0, 8-bit ids) or Processor Local x2APIC entry (type 9, 32-bit ids).
    public readonly struct MadtProcessor
    {
        public MadtProcessor(uint apicId, uint processorUid, uint flags, bool isX2Apic)
        {
            ApicId = apicId;
            ProcessorUid = processorUid;
            Flags = flags;
            IsX2Apic = isX2Apic;
        }

        public uint ApicId { get; }
        // Matches the processor's _UID in the namespace; NMI entries refer to it.
        public uint ProcessorUid { get; }
        public uint Flags { get; }
        public bool IsX2Apic { get; }

        // Ready for use now.
        public bool Enabled => (Flags & 1) != 0;
        // Disabled but can be brought online later (ACPI 6.3 and on); reserved when Enabled.
        public bool OnlineCapable => !Enabled && (Flags & 2) != 0;
    }
}
