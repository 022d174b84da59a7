namespace Zos.Hal.Timing
{
    // The TSC frequency the CPU or the hypervisor states, when they do:
    // CPUID leaf 15H (crystal clock times the TSC/crystal ratio, Intel SDM
    // vol. 2), else leaf 16H's base frequency in MHz, for an invariant TSC
    // (leaf 80000007H, EDX bit 8); else the hypervisor timing leaf 40000010H
    // (EAX in kHz, the VMware/KVM convention). The calibration prefers it
    // when it agrees with what it measured (Prefer). Portable: the kernel
    // reads the leaves (Read), host tests feed them.
    public static class ReportedTscFrequency
    {
        public const uint InvariantTscBit = 1u << 8;
        // A stated frequency is taken when it is within this of the measured one (0.5 %).
        public const ulong AgreementPpm = 5000;

        public static ulong FromLeaves(bool invariantTsc, CpuidResult leaf15, CpuidResult leaf16, uint hypervisorKilohertz, out string source)
        {
            source = null;
            if (invariantTsc && leaf15.Eax != 0 && leaf15.Ebx != 0 && leaf15.Ecx != 0)
            {
                source = "cpuid 15h";
                return (ulong)leaf15.Ecx * leaf15.Ebx / leaf15.Eax;
            }
            if (invariantTsc && (leaf16.Eax & 0xFFFF) != 0)
            {
                source = "cpuid 16h";
                return (ulong)(leaf16.Eax & 0xFFFF) * 1_000_000UL;
            }
            if (hypervisorKilohertz != 0)
            {
                source = "hypervisor leaf 40000010h";
                return (ulong)hypervisorKilohertz * 1000UL;
            }
            return 0;
        }

        // The stated frequency when it agrees with the measured one (or nothing was measured) and is
        // plausible; else the measured one. why says which was taken.
        public static ulong Prefer(ulong measured, ulong stated, string statedSource, out string why)
        {
            why = null;
            if (stated == 0) return measured;
            if (stated < TscCalibration.MinimumHz || stated > TscCalibration.MaximumHz)
            {
                why = statedSource + " states " + stated.ToString() + " Hz, which no CPU runs at: ignored";
                return measured;
            }
            if (measured == 0)
            {
                why = "measured nothing; " + statedSource + " states " + stated.ToString() + " Hz";
                return stated;
            }
            ulong distance = stated > measured ? stated - measured : measured - stated;
            if (distance > measured / 1_000_000UL * AgreementPpm)
            {
                why = statedSource + " states " + stated.ToString() + " Hz, " + (distance * 1000 / measured).ToString() + " per mille from the measured rate: ignored";
                return measured;
            }
            why = "as " + statedSource + " states";
            return stated;
        }

        // The kernel's reading of the leaves.
        public static ulong Read(out string source)
        {
            uint maxLeaf = Cpu.Cpuid(0).Eax, maxExtended = Cpu.Cpuid(0x8000_0000).Eax;
            bool invariant = maxExtended >= 0x8000_0007 && (Cpu.Cpuid(0x8000_0007).Edx & InvariantTscBit) != 0;
            CpuidResult leaf15 = maxLeaf >= 0x15 ? Cpu.Cpuid(0x15) : default;
            CpuidResult leaf16 = maxLeaf >= 0x16 ? Cpu.Cpuid(0x16) : default;
            // Bit 31 of leaf 1's ECX: running under a hypervisor, whose leaves start at 40000000H.
            bool hypervisor = (Cpu.Cpuid(1).Ecx & (1u << 31)) != 0;
            uint hypervisorKilohertz = hypervisor && Cpu.Cpuid(0x4000_0000).Eax >= 0x4000_0010 ? Cpu.Cpuid(0x4000_0010).Eax : 0;
            return FromLeaves(invariant, leaf15, leaf16, hypervisorKilohertz, out source);
        }
    }
}
