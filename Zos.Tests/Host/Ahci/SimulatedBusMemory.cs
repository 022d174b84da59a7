using Zos.Tests.Host.Capabilities;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Ahci;

// What a bus-mastering HBA sees of memory: device addresses, which the
// simulated IOMMU offsets from physical ones (SimulatedDmaMemory.DeviceOffset).
// An address nothing decodes is a master abort: the caller turns it into
// PxIS.HBFS (AHCI 1.3.1, 6.1.1), as a real HBA would.
public sealed class SimulatedBusMemory(SimulatedPhysicalMemory memory)
{
    public SimulatedPhysicalMemory Physical { get; } = memory;

    public bool TryRead(ulong deviceAddress, Span<byte> into)
    {
        if (!Reaches(deviceAddress, into.Length, out ulong physical)) return false;
        Physical.ReadBytes(physical, into);
        return true;
    }

    public bool TryWrite(ulong deviceAddress, ReadOnlySpan<byte> from)
    {
        if (!Reaches(deviceAddress, from.Length, out ulong physical)) return false;
        Physical.WriteBytes(physical, from);
        return true;
    }

    public bool TryRead32(ulong deviceAddress, out uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        bool read = TryRead(deviceAddress, bytes);
        value = BitConverter.ToUInt32(bytes);
        return read;
    }

    public bool TryWrite32(ulong deviceAddress, uint value) => TryWrite(deviceAddress, BitConverter.GetBytes(value));

    private bool Reaches(ulong deviceAddress, int length, out ulong physical)
    {
        physical = deviceAddress - SimulatedDmaMemory.DeviceOffset;
        return deviceAddress >= SimulatedDmaMemory.DeviceOffset && Physical.Reaches(physical, (ulong)length, out _);
    }
}
