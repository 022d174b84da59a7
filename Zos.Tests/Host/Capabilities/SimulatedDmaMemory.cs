using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// Page-granular first-fit allocation over the simulated RAM; device address =
// physical address + DeviceOffset, as an IOMMU might give.
public sealed class SimulatedDmaMemory : DmaMemory
{
    public const ulong PageSize = 4096;
    public const ulong DeviceOffset = 0x1000_0000;

    private readonly bool[] _used;

    public SimulatedDmaMemory(int ramBytes)
    {
        _used = new bool[ramBytes / (int)PageSize];
    }

    public int UsedPages => _used.Count(used => used);

    public override bool TryAllocate(ulong bytes, ulong deviceAddressLimit, out ulong physicalAddress, out ulong deviceAddress)
    {
        int pages = (int)((bytes + PageSize - 1) / PageSize);
        for (int first = 0; first + pages <= _used.Length; first++)
        {
            ulong physical = SimulatedHardware.RamBase + (ulong)first * PageSize;
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

    public override void Free(ulong physicalAddress, ulong bytes)
    {
        int first = (int)((physicalAddress - SimulatedHardware.RamBase) / PageSize);
        for (int page = first; page < first + (int)((bytes + PageSize - 1) / PageSize); page++)
        {
            if (!_used[page]) throw new InvalidOperationException($"page {page} freed twice");
            _used[page] = false;
        }
    }
}
