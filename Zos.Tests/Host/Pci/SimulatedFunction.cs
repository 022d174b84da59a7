using System.Buffers.Binary;
using Zos.Hal.Pci;

namespace Zos.Tests.Host.Pci;

// One function's configuration space as hardware behaves: bytes, and per bit
// whether software may write it (so a BAR written with all ones reads back its
// size mask, and identity registers stay put). Records what the probe must
// respect: the command register's value at every all-ones BAR write.
// Offsets and IDs are the PCI Local Bus Specification 3.0's (6.1, 6.7, 6.8),
// written out here, not taken from the kernel's PCI code.
public sealed class SimulatedFunction
{
    private const int VendorIdAt = 0x00, DeviceIdAt = 0x02, CommandAt = 0x04, StatusAt = 0x06, RevisionAt = 0x08, ProgIfAt = 0x09,
        SubclassAt = 0x0A, ClassCodeAt = 0x0B, HeaderTypeAt = 0x0E, Bar0At = 0x10, SecondaryBusAt = 0x19, SubordinateBusAt = 0x1A,
        SubsystemVendorIdAt = 0x2C, SubsystemIdAt = 0x2E, CapabilitiesPointerAt = 0x34, InterruptLineAt = 0x3C, InterruptPinAt = 0x3D;
    private const byte StatusCapabilitiesList = 0x10, PciToPciBridgeLayout = 0x01, MsiId = 0x05, MsiXId = 0x11;

    public SimulatedFunction(ushort vendor, ushort device, int size = 256)
    {
        Bytes = new byte[size];
        Writable = new byte[size];
        Set16(VendorIdAt, vendor);
        Set16(DeviceIdAt, device);
        // Command register: decode, bus master, INTx disable are writable.
        Writable16(CommandAt, 0x0407);
        Writable[InterruptLineAt] = 0xFF;
    }

    public byte[] Bytes { get; }
    public byte[] Writable { get; }
    public List<ushort> CommandAtBarProbe { get; } = new();
    public List<int> WrittenOffsets { get; } = new();

    public ushort Command => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(CommandAt));

    public SimulatedFunction Class(byte code, byte subclass, byte progIf = 0, byte revision = 0)
    {
        Bytes[ClassCodeAt] = code;
        Bytes[SubclassAt] = subclass;
        Bytes[ProgIfAt] = progIf;
        Bytes[RevisionAt] = revision;
        return this;
    }

    public SimulatedFunction HeaderType(byte value)
    {
        Bytes[HeaderTypeAt] = value;
        return this;
    }

    public SimulatedFunction CommandBits(PciCommandBits bits)
    {
        Set16(CommandAt, (ushort)bits);
        return this;
    }

    public SimulatedFunction Interrupt(byte line, byte pin)
    {
        Bytes[InterruptLineAt] = line;
        Bytes[InterruptPinAt] = pin;
        return this;
    }

    public SimulatedFunction Subsystem(ushort vendor, ushort id)
    {
        Set16(SubsystemVendorIdAt, vendor);
        Set16(SubsystemIdAt, id);
        return this;
    }

    public SimulatedFunction Bridge(byte secondary, byte subordinate)
    {
        Bytes[HeaderTypeAt] = (byte)((Bytes[HeaderTypeAt] & 0x80) | PciToPciBridgeLayout);
        Bytes[SecondaryBusAt] = secondary;
        Bytes[SubordinateBusAt] = subordinate;
        Writable[SecondaryBusAt] = Writable[SubordinateBusAt] = 0xFF;
        return this;
    }

    // A BAR as raw register value and writable bits, for malformed ones.
    public SimulatedFunction RawBar(int slot, uint value, uint writable)
    {
        Set32(Bar0At + 4 * slot, value);
        Writable32(Bar0At + 4 * slot, writable);
        return this;
    }

    public SimulatedFunction MemoryBar32(int slot, uint address, uint size, bool prefetchable = false) =>
        RawBar(slot, address | (prefetchable ? 8u : 0u), ~(size - 1));

    public SimulatedFunction MemoryBar64(int slot, ulong address, ulong size, bool prefetchable = false)
    {
        ulong writable = ~(size - 1);
        RawBar(slot, (uint)address | 4u | (prefetchable ? 8u : 0u), (uint)writable & 0xFFFF_FFF0);
        return RawBar(slot + 1, (uint)(address >> 32), (uint)(writable >> 32));
    }

    // I/O BARs of devices that decode 16 address bits: the upper half reads 0.
    public SimulatedFunction IoBar(int slot, ushort port, uint size) => RawBar(slot, port | 1u, ~(size - 1) & 0xFFFC);

    // Links a capability at offset into the list (status bit, pointer chain) with its body.
    public SimulatedFunction Capability(byte offset, byte id, params byte[] body)
    {
        Bytes[StatusAt] |= StatusCapabilitiesList;
        int link = CapabilitiesPointerAt;
        while (Bytes[link] != 0) link = Bytes[link] + 1;
        Bytes[link] = offset;
        Bytes[offset] = id;
        Bytes[offset + 1] = 0;
        body.CopyTo(Bytes, offset + 2);
        return this;
    }

    public SimulatedFunction Msi(byte offset, bool is64Bit, bool masking, int multipleMessageCode = 0)
    {
        ushort control = (ushort)((multipleMessageCode << 1) | (is64Bit ? 0x80 : 0) | (masking ? 0x100 : 0));
        Capability(offset, MsiId, (byte)control, (byte)(control >> 8));
        Writable16(offset + 2, 0x0071);
        int length = (is64Bit ? 14 : 10) + (masking ? 10 : 0);
        for (int i = 4; i < length; i++) Writable[offset + i] = 0xFF;
        if (masking) Set32(offset + (is64Bit ? 16 : 12), 0xFFFF_FFFF);
        return this;
    }

    public SimulatedFunction MsiX(byte offset, int tableSize, int tableBar, uint tableOffset, int pbaBar, uint pbaOffset)
    {
        ushort control = (ushort)(tableSize - 1);
        Capability(offset, MsiXId, (byte)control, (byte)(control >> 8));
        Writable16(offset + 2, 0xC000);
        Set32(offset + 4, tableOffset | (uint)tableBar);
        Set32(offset + 8, pbaOffset | (uint)pbaBar);
        return this;
    }

    public ushort Get16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(offset));
    public uint Get32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan(offset));

    public void Set16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan(offset), value);
    public void Set32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(offset), value);

    public void Write(int offset, int width, uint value)
    {
        WrittenOffsets.Add(offset);
        if (offset >= Bar0At && offset < Bar0At + 24 && width == 4 && value == 0xFFFF_FFFF) CommandAtBarProbe.Add(Command);
        for (int i = 0; i < width; i++)
        {
            byte incoming = (byte)(value >> (8 * i));
            Bytes[offset + i] = (byte)((Bytes[offset + i] & ~Writable[offset + i]) | (incoming & Writable[offset + i]));
        }
    }

    public uint Read(int offset, int width)
    {
        uint value = 0;
        for (int i = 0; i < width; i++) value |= (uint)Bytes[offset + i] << (8 * i);
        return value;
    }

    private void Writable16(int offset, ushort mask) => BinaryPrimitives.WriteUInt16LittleEndian(Writable.AsSpan(offset), mask);
    private void Writable32(int offset, uint mask) => BinaryPrimitives.WriteUInt32LittleEndian(Writable.AsSpan(offset), mask);
}
