using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Zos.Build;

// Which assemblies an assembly uses, read from its metadata.
public static class AssemblyReferences
{
    // The candidates (paths) that the assembly references directly or through other candidates.
    public static IReadOnlyList<string> AmongTransitively(string assembly, IReadOnlyList<string> candidates)
    {
        var candidatesByName = candidates.ToDictionary(c => Path.GetFileNameWithoutExtension(c));
        var found = new List<string>();
        var pending = new Stack<string>([assembly]);
        while (pending.TryPop(out var current))
            foreach (var name in DirectNames(current))
                if (candidatesByName.TryGetValue(name, out var referenced) && !found.Contains(referenced))
                {
                    found.Add(referenced);
                    pending.Push(referenced);
                }
        return found;
    }

    // The names of the assemblies it references.
    public static IReadOnlyList<string> Direct(string assembly) => DirectNames(assembly);

    private static List<string> DirectNames(string assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        var reader = pe.GetMetadataReader();
        return reader.AssemblyReferences.Select(handle => reader.GetString(reader.GetAssemblyReference(handle).Name)).ToList();
    }
}
