namespace Zos.Drivers.Edu
{
    // What a client asks of the edu driver.
    public enum EduOperation
    {
        // n! for n in 0..12, polling the status register.
        Factorial,
        // n! for n in 0..12, waiting for the device's interrupt.
        FactorialWithInterrupt,
        // Argument bytes (1..4095) to the device's buffer and back, by DMA.
        DmaRoundTrip,
    }
}
