namespace Zos.Build;

// Where sources, build outputs and intermediate files live.
public sealed class RepositoryLayout(string root, string configuration)
{
    public const string CorlibName = "System.Private.CoreLib";

    // Driver assemblies: compiled into the kernel like the others, and checked first
    // against DriverRules (no unsafe code, no interop, only the driver API of Zos.Hal).
    public static readonly string[] DriverLibraries = ["Zos.Drivers"];

    // Kernel-side libraries in dependency order; all are compiled into the kernel.
    public static readonly string[] KernelLibraries = ["Zos.Hal", .. DriverLibraries, "Zos.Kernel", "Zos.Shell", "Zos.SelfTests", "Zos.Image"];

    public string Root { get; } = root;
    public string Configuration { get; } = configuration;
    public string Work => Path.Combine(Root, "artifacts", Configuration);
    public string Facades => Path.Combine(Work, "facades");
    public string IsoRoot => Path.Combine(Work, "isoroot");
    public string IsoDirectory => Path.Combine(Root, "iso");
    public string Iso => Path.Combine(IsoDirectory, "zos.iso");
    public string KernelElf => Path.Combine(IsoDirectory, "zos.elf");
    public string SymbolFile => Path.Combine(IsoDirectory, "zos.sym");
    public string LinkerScript => Path.Combine(Root, "Zos.Kernel", "Boot", "linker.ld");
    public string GrubConfig => Path.Combine(Root, "Zos.Kernel", "Boot", "grub.cfg");

    public string Corlib => Output("Zos.Runtime", CorlibName);

    public string Library(string project) => Output(project, project);

    public IEnumerable<string> AssemblySources() =>
        new[] { "Zos.Runtime", "Zos.Hal", "Zos.Drivers", "Zos.Kernel" }
            .Select(p => Path.Combine(Root, p))
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.asm", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);

    private string Output(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");

    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Zos.sln"))) return dir.FullName;
        throw new BuildException($"no Zos.sln above {start}: run zos from inside the repository");
    }
}
