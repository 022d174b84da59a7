namespace Zos.Build;

// Where sources, build outputs and intermediate files live.
public sealed class RepositoryLayout(string root, string configuration)
{
    public const string CorlibName = "System.Private.CoreLib";

    // The kernel-side libraries that are not drivers, in dependency order; Zos.Image, the composition
    // root, references the drivers the image has (its ZosDriver items). KernelImage finds the rest.
    public static readonly string[] CoreLibraries = ["Zos.Hal", "Zos.Kernel", "Zos.Shell", "Zos.SelfTests", ImageProject];
    public const string ImageProject = "Zos.Image";

    // The repository's driver projects live in this folder, one per subfolder (Drivers/Zos.Drivers.Nvme/...).
    public const string DriversFolder = "Drivers";

    // Every project folder whose sources end up in the image: the corlib, the core kernel-side libraries,
    // the source generator that writes the image's driver catalog; DriverProjects are added to these.
    public static readonly string[] ImageProjects = ["Zos.Runtime", .. CoreLibraries, "Zos.ManifestGenerator"];

    // Files beside Zos.sln that every project's build reads (a new one belongs here too).
    public static readonly string[] SharedBuildFiles = ["Directory.Build.props", "Directory.Build.targets", "global.json"];

    public string Root { get; } = root;
    public string Configuration { get; } = configuration;
    public string Work => Path.Combine(Root, "artifacts", Configuration);
    public string Facades => Path.Combine(Work, "facades");
    public string IsoRoot => Path.Combine(Work, "isoroot");
    // Debug's image is at iso/ (what the tests boot and `zos run` runs); another configuration's under
    // iso/<configuration>, so that building one never replaces the other.
    public string IsoDirectory => Configuration == "Debug" ? Path.Combine(Root, "iso") : Path.Combine(Root, "iso", Configuration);
    public string Iso => Path.Combine(IsoDirectory, "zos.iso");
    public string KernelElf => Path.Combine(IsoDirectory, "zos.elf");
    public string SymbolFile => Path.Combine(IsoDirectory, "zos.sym");
    // The screen console's font, unpacked (ConsoleFont); also read by the tests that read the screen.
    public string FontFile => Path.Combine(IsoDirectory, "zos.psf");
    // Debian packages the build takes files from, downloaded and unpacked (shared by all configurations).
    public string PackageCache => Path.Combine(Root, "artifacts", "packages");
    // The disk `zos run --screen` gives its AHCI controller, made empty when missing.
    public string ScreenProfileDisk => Path.Combine(Root, "artifacts", "screen-disk.img");
    public string LinkerScript => Path.Combine(Root, "Zos.Kernel", "Boot", "linker.ld");
    public string GrubConfig => Path.Combine(Root, "Zos.Kernel", "Boot", "grub.cfg");
    public string SourcesBuiltStamp => Path.Combine(Work, "sources-built.stamp");

    public string Corlib => Output("Zos.Runtime", CorlibName);

    public string Library(string project) => Output(project, project);

    // Where the image project's build put every assembly it uses (drivers included).
    public string ImageOutput => Path.GetDirectoryName(Library(ImageProject))!;

    // The repository's driver projects' folders, relative to Root ("Drivers/Zos.Drivers.Nvme").
    public IEnumerable<string> DriverProjects() =>
        Directory.Exists(Path.Combine(Root, DriversFolder))
            ? Directory.EnumerateDirectories(Path.Combine(Root, DriversFolder)).Select(d => Path.Combine(DriversFolder, Path.GetFileName(d))).Order(StringComparer.Ordinal)
            : [];

    // What restore writes for a project (its folder relative to Root), and what a build without restore needs.
    public string AssetsFile(string project) => Path.Combine(Root, project, "obj", "project.assets.json");

    public IEnumerable<string> AssemblySources() =>
        ImageSources().OfType<FileInfo>().Where(f => f.Extension == ".asm").Select(f => f.FullName).Order(StringComparer.Ordinal);

    // What the image is built from: the files and directories of its projects, build outputs (bin, obj)
    // left out, and the shared build files. Directories count too: deleting or renaming a file changes
    // only its directory's write time.
    // Drivers outside the repository (ZosExtraDrivers) are not among them: after editing one, build the image
    // project (dotnet build Zos.Image) rather than relying on `zos run` to notice.
    public IEnumerable<FileSystemInfo> ImageSources() =>
        ImageProjects.Concat(DriverProjects()).Select(p => new DirectoryInfo(Path.Combine(Root, p))).Where(d => d.Exists).SelectMany(WithoutBuildOutputs)
            .Concat(SharedBuildFiles.Select(f => new FileInfo(Path.Combine(Root, f))).Where(f => f.Exists));

    private static IEnumerable<FileSystemInfo> WithoutBuildOutputs(DirectoryInfo directory) =>
        directory.EnumerateFileSystemInfos()
            .SelectMany(entry => entry switch
            {
                DirectoryInfo { Name: "bin" or "obj" } => [],
                DirectoryInfo subdirectory => WithoutBuildOutputs(subdirectory),
                _ => new[] { entry },
            })
            .Prepend(directory);

    private string Output(string project, string assembly) =>
        Path.Combine(Root, project, "bin", Configuration, "net10.0", assembly + ".dll");

    public static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Zos.sln"))) return dir.FullName;
        throw new BuildException($"no Zos.sln above {start}: run zos from inside the repository");
    }
}
