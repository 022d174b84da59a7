using Zos.Hal.Capabilities.Granting;

namespace Zos.Testing;

// Page-granular first-fit allocation over the simulated RAM, which tests place
// at RamBase in SimulatedPhysicalMemory; device address = physical address +
// DeviceOffset, as an IOMMU might give. Lent arrays get a window each above
// RAM (LentBase + n × LentWindow), as if they lay there.
public sealed class SimulatedDmaMemory : DmaMemory
{
    public const ulong RamBase = 0x10_0000;
    public const ulong PageSize = 4096;
    public const ulong DeviceOffset = 0x1000_0000;
    public const ulong LentBase = 0x8000_0000;
    public const ulong LentWindow = 0x100_0000;

    private readonly bool[] _used;
    private readonly List<byte[]> _lentArrays = new();

    public SimulatedDmaMemory(int ramBytes)
    {
        _used = new bool[ramBytes / (int)PageSize];
    }

    public int UsedPages => _used.Count(used => used);
    // Off: a platform where managed memory cannot be lent (DmaMemory's default).
    public bool LendsManagedMemory { get; set; } = true;

    public override bool TryAllocate(ulong bytes, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress)
    {
        int pages = (int)((bytes + PageSize - 1) / PageSize);
        for (int first = 0; first + pages <= _used.Length; first++)
        {
            ulong physical = RamBase + (ulong)first * PageSize;
            if (physical + DeviceOffset + (ulong)pages * PageSize > deviceAddressLimit) break;
            if (Enumerable.Range(first, pages).Any(page => _used[page])) continue;
            for (int page = first; page < first + pages; page++) _used[page] = true;
            physicalAddress = physical;
            deviceAddress = physical + DeviceOffset;
            return true;
        }
        physicalAddress = deviceAddress = 0;
        return false;
    }

    // Where the simulation placed an array lent before (or will place it).
    public ulong PhysicalAddressOf(byte[] array)
    {
        int index = _lentArrays.FindIndex(lent => ReferenceEquals(lent, array));
        if (index < 0)
        {
            _lentArrays.Add(array);
            index = _lentArrays.Count - 1;
        }
        return LentBase + (ulong)index * LentWindow;
    }

    public override bool TryLend(byte[] array, int offset, int length, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress)
    {
        if (!LendsManagedMemory) return base.TryLend(array, offset, length, deviceAddressLimit, out physicalAddress, out deviceAddress);
        physicalAddress = PhysicalAddressOf(array) + (ulong)offset;
        deviceAddress = physicalAddress + DeviceOffset;
        if (deviceAddress + (ulong)length <= deviceAddressLimit) return true;
        physicalAddress = deviceAddress = 0;
        return false;
    }

    public override void Free(ulong physicalAddress, ulong bytes)
    {
        int first = (int)((physicalAddress - RamBase) / PageSize);
        for (int page = first; page < first + (int)((bytes + PageSize - 1) / PageSize); page++)
        {
            if (!_used[page]) throw new InvalidOperationException($"page {page} freed twice");
            _used[page] = false;
        }
    }
}
