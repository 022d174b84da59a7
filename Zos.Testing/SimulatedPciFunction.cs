using System.Buffers.Binary;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Testing;

// One function's 256-byte configuration space in an array; every access logged.
public sealed class SimulatedPciFunction : PciConfigFunction
{
    public byte[] Space { get; } = new byte[256];
    public List<string> Accesses { get; } = new();

    public override int Size => Space.Length;
    public override string Address => "00:04.0";

    public override byte Read8(int offset) => Log("read8", offset, Space[offset]);
    public override ushort Read16(int offset) => (ushort)Log("read16", offset, BinaryPrimitives.ReadUInt16LittleEndian(Space.AsSpan(offset)));
    public override uint Read32(int offset) => Log("read32", offset, BinaryPrimitives.ReadUInt32LittleEndian(Space.AsSpan(offset)));
    public override void Write8(int offset, byte value) => Space[offset] = (byte)Log("write8", offset, value);
    public override void Write16(int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Space.AsSpan(offset), (ushort)Log("write16", offset, value));
    public override void Write32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Space.AsSpan(offset), Log("write32", offset, value));

    private uint Log(string what, int offset, uint value)
    {
        Accesses.Add($"{what} 0x{offset:x} 0x{value:x}");
        return value;
    }

    private byte Log(string what, int offset, byte value) => (byte)Log(what, offset, (uint)value);
}
