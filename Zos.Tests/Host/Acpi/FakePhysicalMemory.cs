using Zos.Hal.Memory;

namespace Zos.Tests.Host.Acpi;

// Physical memory made of byte arrays placed at addresses; reading anything
// not wholly inside one of them fails, the way an unmapped address would.
public sealed class FakePhysicalMemory : PhysicalMemory
{
    private readonly List<(ulong Address, byte[] Bytes)> _regions = new();

    public int Reads { get; private set; }

    public FakePhysicalMemory Place(ulong address, byte[] bytes)
    {
        _regions.Add((address, bytes));
        return this;
    }

    public override bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes, out string error)
    {
        Reads++;
        foreach (var (start, region) in _regions)
            if (address >= start && address + (ulong)length <= start + (ulong)region.Length)
            {
                bytes = region.AsSpan((int)(address - start), length);
                error = null!;
                return true;
            }
        bytes = default;
        error = $"nothing at 0x{address:x}";
        return false;
    }
}
