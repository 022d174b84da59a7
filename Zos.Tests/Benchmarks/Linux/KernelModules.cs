using System.Buffers.Binary;
using System.Text;

namespace Zos.Tests.Benchmarks.Linux;

// Linux kernel modules (.ko files) of an unpacked kernel package. The package ships no
// modules.dep (depmod makes it on installation), so dependencies are read from each
// module's own .modinfo section: NUL-separated "key=value" strings, "depends=a,b" and
// "softdep=pre: a b post: c" among them.
public static class KernelModules
{
    // The .ko files to insmod, dependencies first, for the named modules ("virtio_blk").
    // Module names treat '-' and '_' alike, as the kernel does. Soft dependencies are loaded
    // too ("pre:" before the module, "post:" after it) when a module of that name exists;
    // modprobe would also resolve them as aliases ("crct10dif", which crct10dif_generic
    // provides), which this does not: they are optional, the kernel falls back without them.
    public static IReadOnlyList<string> LoadOrder(string modulesDirectory, IEnumerable<string> modules)
    {
        var byName = Directory.EnumerateFiles(modulesDirectory, "*.ko", SearchOption.AllDirectories)
            .ToDictionary(NameOf, path => path);
        var order = new List<string>();
        var visiting = new HashSet<string>();
        void Visit(string name)
        {
            if (!byName.TryGetValue(Normalize(name), out var path)) throw new FileNotFoundException($"no module {name} under {modulesDirectory}");
            if (order.Contains(path)) return;
            if (!visiting.Add(path)) throw new InvalidDataException($"module dependency cycle through {name}");
            byte[] module = File.ReadAllBytes(path);
            var (pre, post) = SoftDependencies(module);
            foreach (string soft in pre.Where(soft => byName.ContainsKey(Normalize(soft)))) Visit(soft);
            foreach (string dependency in Dependencies(module)) Visit(dependency);
            order.Add(path);
            foreach (string soft in post.Where(soft => byName.ContainsKey(Normalize(soft)))) Visit(soft);
        }
        foreach (string module in modules) Visit(module);
        return order;
    }

    // The module names in the "depends=" entry of an ELF module's .modinfo section.
    public static IReadOnlyList<string> Dependencies(byte[] module)
    {
        string depends = ModInfo(module).FirstOrDefault(entry => entry.StartsWith("depends=", StringComparison.Ordinal))?["depends=".Length..] ?? "";
        return depends.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }

    // The names in the "softdep=" entries: "pre: a b post: c" (modprobe.d(5)'s softdep syntax).
    public static (IReadOnlyList<string> Pre, IReadOnlyList<string> Post) SoftDependencies(byte[] module)
    {
        var pre = new List<string>();
        var post = new List<string>();
        foreach (string entry in ModInfo(module).Where(entry => entry.StartsWith("softdep=", StringComparison.Ordinal)))
        {
            List<string>? into = null;
            foreach (string word in entry["softdep=".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (word == "pre:") into = pre;
                else if (word == "post:") into = post;
                else if (into is null) throw new InvalidDataException($"softdep without pre: or post: in '{entry}'");
                else into.Add(word);
        }
        return (pre, post);
    }

    private static IEnumerable<string> ModInfo(byte[] elf)
    {
        var section = Section(elf, ".modinfo") ?? throw new InvalidDataException("the module has no .modinfo section");
        return Encoding.ASCII.GetString(section).Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    // ELF64 little-endian: section headers at e_shoff, e_shnum of them, names in section e_shstrndx.
    private static byte[]? Section(byte[] elf, string wanted)
    {
        if (elf.Length < 64 || elf[0] != 0x7F || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F' || elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        long headers = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        int headerSize = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        int namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3E));
        if (headers <= 0 || headerSize < 0x28 || headers + (long)count * headerSize > elf.Length || namesIndex >= count)
            throw new InvalidDataException("ELF section headers lie outside the file");

        var sections = Enumerable.Range(0, count).Select(index => elf.AsMemory((int)(headers + (long)index * headerSize), headerSize)).ToList();
        byte[] names = Contents(elf, sections[namesIndex].Span);
        foreach (var header in sections)
        {
            int nameOffset = (int)BinaryPrimitives.ReadUInt32LittleEndian(header.Span);
            if (nameOffset >= names.Length) continue;
            int end = Array.IndexOf(names, (byte)0, nameOffset);
            if (Encoding.ASCII.GetString(names, nameOffset, (end < 0 ? names.Length : end) - nameOffset) == wanted)
                return Contents(elf, header.Span);
        }
        return null;
    }

    // sh_offset and sh_size of one section header.
    private static byte[] Contents(byte[] elf, ReadOnlySpan<byte> header)
    {
        long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x18..]);
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[0x20..]);
        if (offset < 0 || size < 0 || offset + size > elf.Length) throw new InvalidDataException("an ELF section lies outside the file");
        return elf[(int)offset..(int)(offset + size)];
    }

    private static string NameOf(string path) => Normalize(Path.GetFileName(path)[..^".ko".Length]);

    private static string Normalize(string name) => name.Replace('-', '_');
}
