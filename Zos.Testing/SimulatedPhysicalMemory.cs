using Zos.Hal.Memory;

namespace Zos.Testing;

// A physical address space, the host tests' one PhysicalMemory. Byte arrays
// placed at addresses are memory: RAM, firmware tables, register blocks that
// only hold values. Windows mapped to register files are devices, whose
// accesses have side effects. Anywhere else nothing decodes, as on a real bus:
// reads give all ones, writes are lost, and the address is not reachable.
// Every access through PhysicalMemory is logged, so tests can prove that a
// refused one never arrived; Peek and Poke are the test's own, unlogged.
public sealed class SimulatedPhysicalMemory : PhysicalMemory
{
    private readonly List<(ulong Start, byte[] Bytes)> _placed = new();
    private readonly RegisterWindows _windows = new();

    public List<SimulatedAccess> Accesses { get; } = new();
    // Off for measurements: logging allocates.
    public bool Logging { get; set; } = true;

    public SimulatedPhysicalMemory Place(ulong address, byte[] bytes)
    {
        _placed.Add((address, bytes));
        return this;
    }

    public SimulatedPhysicalMemory Map(ulong address, ulong size, SimulatedRegisterFile registers)
    {
        _windows.Map(address, size, registers);
        return this;
    }

    // Little-endian, byte by byte, in placed memory (elsewhere all ones / lost, like any access).
    public ulong Peek(ulong address, int width = 4)
    {
        ulong value = 0;
        for (int i = 0; i < width; i++)
            value |= (ulong)(TryLocate(address + (ulong)i, 1, out byte[] bytes, out int offset) ? bytes[offset] : 0xFF) << (8 * i);
        return value;
    }

    public void Poke(ulong address, ulong value, int width = 4)
    {
        for (int i = 0; i < width; i++)
            if (TryLocate(address + (ulong)i, 1, out byte[] bytes, out int offset)) bytes[offset] = (byte)(value >> (8 * i));
    }

    public override bool Reaches(ulong address, ulong length, out string reason)
    {
        bool reached = TryLocate(address, length, out _, out _) || _windows.Cover(address, length);
        reason = reached ? null! : $"nothing at 0x{address:x}";
        return reached;
    }

    public override byte Read8(ulong address) => (byte)ReadRegister(address, 1);
    public override ushort Read16(ulong address) => (ushort)ReadRegister(address, 2);
    public override uint Read32(ulong address) => (uint)ReadRegister(address, 4);
    public override ulong Read64(ulong address) => ReadRegister(address, 8);
    public override void Write8(ulong address, byte value) => WriteRegister(address, 1, value);
    public override void Write16(ulong address, ushort value) => WriteRegister(address, 2, value);
    public override void Write32(ulong address, uint value) => WriteRegister(address, 4, value);
    public override void Write64(ulong address, ulong value) => WriteRegister(address, 8, value);

    public override void ReadBytes(ulong address, Span<byte> into)
    {
        Log(SimulatedAccessKind.CopyOut, address, into.Length, 0);
        Located(address, into.Length).CopyTo(into);
    }

    public override void WriteBytes(ulong address, ReadOnlySpan<byte> from)
    {
        Log(SimulatedAccessKind.CopyIn, address, from.Length, 0);
        from.CopyTo(Located(address, from.Length));
    }

    public override void ZeroBytes(ulong address, ulong length)
    {
        Log(SimulatedAccessKind.Zero, address, checked((int)length), 0);
        Located(address, (int)length).Clear();
    }

    protected override ReadOnlySpan<byte> View(ulong address, int length) => Located(address, length);

    private ulong ReadRegister(ulong address, int width)
    {
        ulong value = _windows.TryFind(address, out var registers, out ulong offset) ? registers.Read(offset, width) : Peek(address, width);
        Log(SimulatedAccessKind.Read, address, width, value);
        return value;
    }

    private void WriteRegister(ulong address, int width, ulong value)
    {
        Log(SimulatedAccessKind.Write, address, width, value);
        if (_windows.TryFind(address, out var registers, out ulong offset)) registers.Write(offset, width, value);
        else Poke(address, value, width);
    }

    // Copies and in-place reads need memory: registers and empty addresses have no bytes to hand out.
    private Span<byte> Located(ulong address, int length) =>
        TryLocate(address, (ulong)length, out byte[] bytes, out int offset)
            ? bytes.AsSpan(offset, length)
            : throw new InvalidOperationException($"no placed memory holds 0x{address:x} + {length} bytes");

    // The placed array holding all of [address, address + length), and where in it.
    private bool TryLocate(ulong address, ulong length, out byte[] bytes, out int offset)
    {
        foreach (var (start, placed) in _placed)
            if (address >= start && address - start <= (ulong)placed.Length && length <= (ulong)placed.Length - (address - start))
            {
                (bytes, offset) = (placed, (int)(address - start));
                return true;
            }
        (bytes, offset) = (null!, 0);
        return false;
    }

    private void Log(SimulatedAccessKind kind, ulong address, int width, ulong value)
    {
        if (Logging) Accesses.Add(new SimulatedAccess(kind, address, width, value));
    }
}

public enum SimulatedAccessKind { Read, Write, CopyOut, CopyIn, Zero }

// One access that reached SimulatedPhysicalMemory: a register read or write of
// Width bytes with its Value, or Width bytes of memory copied out, in, or zeroed.
public readonly record struct SimulatedAccess(SimulatedAccessKind Kind, ulong Address, int Width, ulong Value)
{
    public bool Write => Kind is SimulatedAccessKind.Write or SimulatedAccessKind.CopyIn or SimulatedAccessKind.Zero;

    // "mmio32 write 0xfeb00100 0x5"; a copy shows its byte count: "ram read 0x100000 0x40".
    public override string ToString() => Kind switch
    {
        SimulatedAccessKind.Read => $"mmio{Width * 8} read 0x{Address:x} 0x{Value:x}",
        SimulatedAccessKind.Write => $"mmio{Width * 8} write 0x{Address:x} 0x{Value:x}",
        SimulatedAccessKind.CopyOut => $"ram read 0x{Address:x} 0x{Width:x}",
        SimulatedAccessKind.CopyIn => $"ram write 0x{Address:x} 0x{Width:x}",
        _ => $"ram zero 0x{Address:x} 0x{Width:x}",
    };
}
