namespace Zos.Drivers.Edu
{
    // What a client asks of the edu driver. The Inject* operations make the
    // driver commit one kind of crash on purpose, to test its containment.
    public enum EduOperation
    {
        // n! for n in 0..12, polling the status register.
        Factorial,
        // n! for n in 0..12, waiting for the device's interrupt.
        FactorialWithInterrupt,
        // Argument bytes (1..4095) to the device's buffer and back, by DMA.
        DmaRoundTrip,
        InjectThrow,
        InjectNullDereference,
        InjectHang,
        InjectPortAccess,
        InjectMmioOutOfRange,
        // Alive (heartbeating, blocking) but never answering: only a request deadline catches it.
        InjectStall,
        // Allocates without end: the domain's memory quota stops it.
        InjectOutOfMemory,
    }
}
