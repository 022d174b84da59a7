namespace Zos.Testing;

// A device's registers behind a window of SimulatedIoPorts or
// SimulatedPhysicalMemory: each access arrives with its offset in the window
// and its width in bytes, so a simulation can give reads and writes side effects.
public abstract class SimulatedRegisterFile
{
    public abstract ulong Read(ulong offset, int width);
    public abstract void Write(ulong offset, int width, ulong value);
}

// Register files mapped at ranges of port numbers or physical addresses.
public sealed class RegisterWindows
{
    private readonly List<(ulong Start, ulong End, SimulatedRegisterFile Registers)> _windows = new();

    public void Map(ulong start, ulong size, SimulatedRegisterFile registers) => _windows.Add((start, start + size, registers));

    // Whether one window holds all of [start, start + length).
    public bool Cover(ulong start, ulong length) =>
        _windows.Any(window => start >= window.Start && start < window.End && length <= window.End - start);

    public bool TryFind(ulong address, out SimulatedRegisterFile registers, out ulong offset)
    {
        foreach (var window in _windows)
            if (address >= window.Start && address < window.End)
            {
                (registers, offset) = (window.Registers, address - window.Start);
                return true;
            }
        (registers, offset) = (null!, 0);
        return false;
    }
}
