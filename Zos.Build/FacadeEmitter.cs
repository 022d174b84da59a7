using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Zos.Build;

// Writes assemblies named like the framework's (System.Runtime, System.Collections, ...)
// that hold nothing but type forwards to Zos's corlib. Kernel-side libraries are
// compiled against the normal reference pack; ilc, binding by simple name, follows
// these forwards into the corlib.
public static class FacadeEmitter
{
    private const TypeAttributes Forwarder = (TypeAttributes)0x00200000;

    public static void Emit(string facadeName, string corlibName, IReadOnlyList<(string Namespace, string Name)> forwardedTypes, string outputPath)
    {
        var metadata = new MetadataBuilder();
        metadata.AddModule(0, metadata.GetOrAddString(facadeName + ".dll"), metadata.GetOrAddGuid(DeterministicGuid(facadeName)), default, default);
        metadata.AddAssembly(metadata.GetOrAddString(facadeName), new Version(10, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.Sha1);
        var corlib = metadata.AddAssemblyReference(metadata.GetOrAddString(corlibName), new Version(10, 0, 0, 0), default, default, default, default);
        metadata.AddTypeDefinition(default, default, metadata.GetOrAddString("<Module>"), default,
            MetadataTokens.FieldDefinitionHandle(1), MetadataTokens.MethodDefinitionHandle(1));
        foreach (var (ns, name) in forwardedTypes)
            metadata.AddExportedType(Forwarder, metadata.GetOrAddString(ns), metadata.GetOrAddString(name), corlib, 0);

        var image = new BlobBuilder();
        new ManagedPEBuilder(new PEHeaderBuilder(imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage),
            new MetadataRootBuilder(metadata), new BlobBuilder()).Serialize(image);
        using var file = File.Create(outputPath);
        image.WriteContentTo(file);
    }

    // Public top-level types of the corlib: the ones a reference can name.
    public static List<(string Namespace, string Name)> PublicTypes(string corlibPath)
    {
        using var stream = File.OpenRead(corlibPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var types = new List<(string, string)>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public) continue;
            types.Add((reader.GetString(type.Namespace), reader.GetString(type.Name)));
        }
        return types;
    }

    // The reference pack csc compiled the kernel-side libraries against (the
    // newest 10.x one beside the running framework).
    public static IReadOnlyList<string> ReferenceAssemblies()
    {
        string dotnetRoot = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", ".."));
        var packs = new DirectoryInfo(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"));
        var pack = packs.Exists ? packs.GetDirectories("10.*").MaxBy(d => Version.TryParse(d.Name.Split('-')[0], out var v) ? v : new Version()) : null;
        string refs = pack is null ? "" : Path.Combine(pack.FullName, "ref", "net10.0");
        if (!Directory.Exists(refs)) throw new BuildException($"no .NET 10 reference pack under {packs.FullName}");
        return Directory.GetFiles(refs, "*.dll").Order(StringComparer.Ordinal).ToList();
    }

    // One facade per reference assembly, so that a type reference into any of them resolves.
    public static IEnumerable<string> FrameworkAssemblyNames() =>
        ReferenceAssemblies().Select(Path.GetFileNameWithoutExtension).Where(n => n != "System.Private.CoreLib")!;

    private static Guid DeterministicGuid(string name)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name));
        return new Guid(bytes.AsSpan(0, 16));
    }
}
