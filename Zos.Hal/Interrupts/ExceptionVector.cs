namespace Zos.Hal.Interrupts
{
    // CPU exception vectors 0-31 and their names, as panic reports print them.
    public static class ExceptionVector
    {
        public const int DivideError = 0, Debug = 1, Nmi = 2, Breakpoint = 3, Overflow = 4, BoundRange = 5,
            InvalidOpcode = 6, DeviceNotAvailable = 7, DoubleFault = 8, InvalidTss = 10, SegmentNotPresent = 11,
            StackSegment = 12, GeneralProtection = 13, PageFault = 14, X87Floating = 16, AlignmentCheck = 17,
            MachineCheck = 18, SimdFloating = 19, Virtualization = 20, ControlProtection = 21;

        public const int Count = 32;

        public static string Name(ulong vector) => vector switch
        {
            DivideError => "#DE divide error",
            Debug => "#DB debug",
            Nmi => "NMI",
            Breakpoint => "#BP breakpoint",
            Overflow => "#OF overflow",
            BoundRange => "#BR bound range exceeded",
            InvalidOpcode => "#UD invalid opcode",
            DeviceNotAvailable => "#NM device not available",
            DoubleFault => "#DF double fault",
            InvalidTss => "#TS invalid TSS",
            SegmentNotPresent => "#NP segment not present",
            StackSegment => "#SS stack-segment fault",
            GeneralProtection => "#GP general protection",
            PageFault => "#PF page fault",
            X87Floating => "#MF x87 floating-point",
            AlignmentCheck => "#AC alignment check",
            MachineCheck => "#MC machine check",
            SimdFloating => "#XM SIMD floating-point",
            Virtualization => "#VE virtualization",
            ControlProtection => "#CP control protection",
            _ => vector < Count ? "reserved exception" : "interrupt",
        };

        // Interrupt stack table slots set up by boot.asm's TSS. Page faults get
        // their own stack so that a thread overflowing into its guard page is
        // reported (and contained) instead of escalating to a double fault.
        public static byte IstFor(int vector) => vector switch
        {
            DoubleFault => 1,
            Nmi => 2,
            MachineCheck => 3,
            PageFault => 4,
            _ => 0,
        };
    }
}
