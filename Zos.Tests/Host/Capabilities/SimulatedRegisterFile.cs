namespace Zos.Tests.Host.Capabilities;

// A device's registers behind a window of ports or MMIO in SimulatedHardware:
// each access arrives with its offset in the window and its width in bytes,
// so a simulation can give reads and writes side effects.
public abstract class SimulatedRegisterFile
{
    public abstract ulong Read(ulong offset, int width);
    public abstract void Write(ulong offset, int width, ulong value);
}
