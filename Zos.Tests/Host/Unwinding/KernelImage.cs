using System.Runtime.InteropServices;
using System.Text;
using Zos.Build;

namespace Zos.Tests.Host.Unwinding;

// The built kernel ELF's loaded sections copied into native memory at their
// relative positions, so that the position-relative pointers in .eh_frame,
// .eh_frame_hdr and ilc's LSDAs resolve inside the copy; plus its symbols.
internal sealed unsafe class KernelImage : IDisposable
{
    private const uint AllocFlag = 0x2;
    private const uint NoBits = 8;
    private const uint SymbolTable = 2;

    private readonly byte* _memory;
    private readonly ulong _base;
    private readonly Dictionary<string, (ulong Address, ulong Size)> _symbols = new();

    public byte* EhFrameHeader { get; }

    public KernelImage(string path)
    {
        byte[] elf = File.ReadAllBytes(path);
        ulong sectionTable = BitConverter.ToUInt64(elf, 0x28);
        int entrySize = BitConverter.ToUInt16(elf, 0x3a), count = BitConverter.ToUInt16(elf, 0x3c), names = BitConverter.ToUInt16(elf, 0x3e);
        var sections = Enumerable.Range(0, count).Select(i => Section(elf, (int)sectionTable + i * entrySize)).ToArray();
        string NameOf(uint offset) => CString(elf, (int)(sections[names].Offset + offset));

        var loaded = sections.Where(s => (s.Flags & AllocFlag) != 0 && s.Size > 0).ToArray();
        _base = loaded.Min(s => s.Address);
        ulong end = loaded.Max(s => s.Address + s.Size);
        _memory = (byte*)NativeMemory.AllocZeroed((nuint)(end - _base));
        foreach (var s in loaded.Where(s => s.Type != NoBits))
            Marshal.Copy(elf, (int)s.Offset, (IntPtr)(_memory + (s.Address - _base)), (int)s.Size);
        EhFrameHeader = At(sections.Single(s => NameOf(s.Name) == ".eh_frame_hdr").Address);

        var symtab = sections.Single(s => s.Type == SymbolTable);
        var strtab = sections[symtab.Link];
        for (ulong offset = 0; offset < symtab.Size; offset += 24)
        {
            int entry = (int)(symtab.Offset + offset);
            string name = CString(elf, (int)(strtab.Offset + BitConverter.ToUInt32(elf, entry)));
            if (name.Length > 0) _symbols[name] = (BitConverter.ToUInt64(elf, entry + 8), BitConverter.ToUInt64(elf, entry + 16));
        }
    }

    public byte* At(ulong address) => _memory + (address - _base);

    public ulong Address(byte* pointer) => (ulong)(pointer - _memory) + _base;

    public (ulong Address, ulong Size) Symbol(string name) =>
        _symbols.TryGetValue(name, out var symbol) ? symbol : throw new AssertionException($"no symbol {name} in the kernel ELF");

    public static string DefaultPath() =>
        new RepositoryLayout(RepositoryLayout.FindRoot(TestContext.CurrentContext.TestDirectory), "Debug").KernelElf;

    public void Dispose() => NativeMemory.Free(_memory);

    private record struct SectionHeader(uint Name, uint Type, ulong Flags, ulong Address, ulong Offset, ulong Size, int Link);

    private static SectionHeader Section(byte[] elf, int at) => new(
        BitConverter.ToUInt32(elf, at), BitConverter.ToUInt32(elf, at + 4), BitConverter.ToUInt64(elf, at + 8),
        BitConverter.ToUInt64(elf, at + 16), BitConverter.ToUInt64(elf, at + 24), BitConverter.ToUInt64(elf, at + 32),
        (int)BitConverter.ToUInt32(elf, at + 40));

    private static string CString(byte[] bytes, int at)
    {
        int end = Array.IndexOf(bytes, (byte)0, at);
        return Encoding.ASCII.GetString(bytes, at, end - at);
    }
}
