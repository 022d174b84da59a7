namespace Zos.Build;

// The libraries compiled into the kernel: the core ones (RepositoryLayout.CoreLibraries) and every Zos.*
// assembly the image project uses, directly or through others, as its build left them in its output
// folder: the drivers it names (ZosDriver items) and the driver-side libraries they use. Everything that
// is not core is driver-side and is checked against the driver rules.
public sealed class KernelImage
{
    private KernelImage(IReadOnlyList<string> libraries, IReadOnlyList<string> driverSide)
    {
        Libraries = libraries;
        DriverSide = driverSide;
    }

    // Paths, each after the libraries it uses.
    public IReadOnlyList<string> Libraries { get; }
    // The driver-side libraries' paths (drivers and what they share), a subset of Libraries.
    public IReadOnlyList<string> DriverSide { get; }
    public IReadOnlyList<string> Names => Libraries.Select(library => Path.GetFileNameWithoutExtension(library)).ToList();
    public IReadOnlyList<string> DriverSideNames => DriverSide.Select(library => Path.GetFileNameWithoutExtension(library)).ToList();

    public static KernelImage Find(RepositoryLayout layout)
    {
        string root = layout.Library(RepositoryLayout.ImageProject);
        if (!File.Exists(root)) throw new BuildException($"{root} is missing: build the solution first (dotnet build Zos.sln)");
        string folder = layout.ImageOutput;
        var ordered = new List<string>();
        var visiting = new HashSet<string>();
        void Visit(string name)
        {
            string path = Path.Combine(folder, name + ".dll");
            if (ordered.Contains(path) || !visiting.Add(name)) return;
            if (!File.Exists(path)) throw new BuildException($"{path} is missing: the image project uses {name}, but its build did not copy it");
            foreach (string used in AssemblyReferences.Direct(path).Where(IsZos)) Visit(used);
            ordered.Add(path);
        }
        Visit(RepositoryLayout.ImageProject);
        foreach (string core in RepositoryLayout.CoreLibraries)
            if (!ordered.Any(path => Path.GetFileNameWithoutExtension(path) == core))
                throw new BuildException($"{RepositoryLayout.ImageProject} does not use {core}: the kernel needs it");
        return new KernelImage(ordered, ordered.Where(path => !RepositoryLayout.CoreLibraries.Contains(Path.GetFileNameWithoutExtension(path))).ToList());
    }

    private static bool IsZos(string name) => name.StartsWith("Zos.", StringComparison.Ordinal);
}
