namespace Zos.Build;

// Lets `zos run` and `zos debug` skip the child `dotnet build` when nothing changed: that build takes
// seconds even with nothing to do, listing the sources' write times takes milliseconds. A stamp keeps,
// as its own write time, the newest input write time the last successful build started from; an input
// written after it (a source, Directory.Build.props, this tool) means build again.
public sealed class ImageFreshness(RepositoryLayout layout, string toolAssembly)
{
    public DateTime NewestInput() =>
        layout.ImageSources().Select(entry => entry.LastWriteTimeUtc).Append(File.GetLastWriteTimeUtc(toolAssembly)).Max();

    // The ISO is what `run` boots, the ELF what `debug` gives gdb.
    public bool IsBuilt(DateTime newestInput) =>
        File.Exists(layout.Iso) && File.Exists(layout.KernelElf) && File.Exists(layout.SourcesBuiltStamp) &&
        newestInput <= File.GetLastWriteTimeUtc(layout.SourcesBuiltStamp);

    // Restore reads only project files (and writes the assets files): when none changed since the last
    // successful build, the child build can skip it and the second or more it takes to evaluate every project.
    public bool NeedsRestore() =>
        !File.Exists(layout.SourcesBuiltStamp) ||
        RepositoryLayout.ImageProjects.Concat(layout.DriverProjects()).Any(project => !File.Exists(layout.AssetsFile(project))) ||
        layout.ImageSources().OfType<FileInfo>().Where(IsProjectFile)
            .Any(file => file.LastWriteTimeUtc > File.GetLastWriteTimeUtc(layout.SourcesBuiltStamp));

    private static bool IsProjectFile(FileInfo file) =>
        file.Extension is ".csproj" or ".props" or ".targets" || RepositoryLayout.SharedBuildFiles.Contains(file.Name);

    // newestInput must be taken before the build started, so that a file saved during the build counts as newer.
    public void RecordBuilt(DateTime newestInput)
    {
        Directory.CreateDirectory(layout.Work);
        File.WriteAllText(layout.SourcesBuiltStamp, "");
        File.SetLastWriteTimeUtc(layout.SourcesBuiltStamp, newestInput);
    }
}
