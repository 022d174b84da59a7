using Zos.Hal.Memory;

namespace Zos.Hal.Apic
{
    // This CPU's local APIC, in xAPIC (MMIO) mode: enabling, end-of-interrupt
    // and the timer. Register offsets and bits from the Intel SDM vol. 3, ch. 11.
    public static class LocalApic
    {
        public const int SpuriousVector = 0xFF;
        public const uint DivideBy16 = 0x3;

        private const uint BaseMsr = 0x1B;
        private const ulong BaseMsrEnable = 1UL << 11;
        private const ulong BaseAddressMask = 0xF_FFFF_F000;
        private const uint IdRegister = 0x20, VersionRegister = 0x30, TaskPriority = 0x80, EndOfInterruptRegister = 0xB0,
            SpuriousRegister = 0xF0, LvtTimer = 0x320, LvtLint0 = 0x350, LvtLint1 = 0x360, LvtError = 0x370,
            TimerInitialCount = 0x380, TimerCurrentCount = 0x390, TimerDivide = 0x3E0;
        private const uint SoftwareEnable = 1 << 8, Masked = 1 << 16, TimerPeriodic = 1 << 17;

        private static PhysicalMemory s_memory;
        private static ulong s_base;

        public static bool IsEnabled => s_base != 0;
        public static ulong BaseAddress => s_base;
        public static uint Id => Read(IdRegister) >> 24;
        public static uint Version => Read(VersionRegister) & 0xFF;

        // baseAddress: from the MADT; 0 means "take it from the APIC base MSR".
        public static void Enable(PhysicalMemory memory, ulong baseAddress)
        {
            s_memory = memory;
            ulong msr = Cpu.ReadMsr(BaseMsr);
            s_base = baseAddress != 0 ? baseAddress : msr & BaseAddressMask;
            Cpu.WriteMsr(BaseMsr, msr | BaseMsrEnable);
            Write(TaskPriority, 0);
            // LINT0/1 carry the 8259 and NMI in virtual-wire mode; with the IOAPIC in charge both stay masked.
            Write(LvtLint0, Masked);
            Write(LvtLint1, Masked);
            Write(LvtError, Masked);
            Write(LvtTimer, Masked);
            Write(SpuriousRegister, SoftwareEnable | SpuriousVector);
        }

        public static void EndOfInterrupt() => Write(EndOfInterruptRegister, 0);

        public static void StartTimer(int vector, uint initialCount, bool periodic)
        {
            Write(TimerDivide, DivideBy16);
            Write(LvtTimer, (uint)vector | (periodic ? TimerPeriodic : 0));
            Write(TimerInitialCount, initialCount);
        }

        public static void StopTimer()
        {
            Write(LvtTimer, Masked);
            Write(TimerInitialCount, 0);
        }

        public static uint TimerCount => Read(TimerCurrentCount);

        private static uint Read(uint register) => s_memory.Read32(s_base + register);
        private static void Write(uint register, uint value) => s_memory.Write32(s_base + register, value);
    }
}
