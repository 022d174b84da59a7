namespace Zos.Build;

// Builds the kernel image and the ISO from the compiled C# assemblies:
// facades -> corlib shape check -> driver assembly check -> ilc (kernel object, plus a per-library pass
// that compiles every method) -> nasm -> ld -> symbol table -> console font -> grub-mkrescue.
// Each step is skipped when its outputs are newer than its inputs.
public sealed class ImageBuilder(RepositoryLayout layout, TextWriter log)
{
    // The kernel-side libraries' names (KernelImage), for the symbol table.
    private IReadOnlyList<string> _libraryNames = [];

    public void Build()
    {
        ToolInstaller.EnsureInstalled();
        Directory.CreateDirectory(layout.Work);
        Directory.CreateDirectory(layout.IsoDirectory);
        if (!File.Exists(layout.Corlib)) throw new BuildException($"{layout.Corlib} is missing: build the solution first (dotnet build Zos.sln)");
        var image = KernelImage.Find(layout);
        string[] libraries = image.Libraries.ToArray();
        _libraryNames = image.Names;

        string facadeStamp = Path.Combine(layout.Facades, ".stamp");
        Step("facades", [facadeStamp], [layout.Corlib], () => EmitFacades(facadeStamp));
        string shapeStamp = Path.Combine(layout.Work, "shape.stamp");
        Step("corlib shape check", [shapeStamp], [layout.Corlib], () => CheckCorlibShape(shapeStamp));

        foreach (var driver in image.DriverSide)
        {
            string stamp = Path.Combine(layout.Work, Path.GetFileNameWithoutExtension(driver) + ".driver-checked");
            // The rules live in this tool, so a rebuilt zos re-checks the drivers too.
            Step($"driver check {Path.GetFileName(driver)}", [stamp], [driver, typeof(DriverRules).Assembly.Location],
                () => CheckDriver(driver, image.DriverSideNames, stamp));
        }

        // The kernel compile and the per-library checks read only the assemblies, so they run side by side;
        // a check depends on its library and the libraries that library uses, so a change to Zos.Kernel
        // does not recheck Zos.Hal.
        string ilc = Ilc.Path();
        string kernelObject = Path.Combine(layout.Work, "kernel.o");
        RunConcurrently([
            () => Step("ilc", [kernelObject], [.. libraries, layout.Corlib, ilc], () => CompileKernel(ilc, libraries, kernelObject)),
            .. libraries.Select(library => (Action)(() =>
            {
                string stamp = Path.Combine(layout.Work, Path.GetFileNameWithoutExtension(library) + ".checked");
                string[] inputs = [library, .. AssemblyReferences.AmongTransitively(library, libraries), layout.Corlib, ilc];
                Step($"ilc check {Path.GetFileName(library)}", [stamp], inputs, () => CheckEveryMethod(ilc, library, libraries, stamp));
            })),
        ]);

        var objects = new List<string> { kernelObject };
        foreach (var source in layout.AssemblySources())
        {
            string output = Path.Combine(layout.Work, Path.GetFileNameWithoutExtension(source) + ".asm.o");
            Step($"nasm {Path.GetFileName(source)}", [output], [source], () =>
                ProcessRunner.RunChecked("nasm", ["-f", "elf64", "-g", "-F", "dwarf", "-o", output, source]));
            objects.Add(output);
        }

        Step("ld", [layout.KernelElf], [.. objects, layout.LinkerScript], () =>
            ProcessRunner.RunChecked("ld", ["-n", "-z", "max-page-size=0x1000", "-z", "noexecstack", "--no-warn-rwx-segments",
                "--eh-frame-hdr", "-T", layout.LinkerScript, "-o", layout.KernelElf, .. objects]));
        Step("symbols", [layout.SymbolFile], [layout.KernelElf], WriteSymbolFile);
        // Which font, and from which package, is written in this tool: a rebuilt zos extracts it again.
        Step("console font", [layout.FontFile], [typeof(ConsoleFont).Assembly.Location], () => ConsoleFont.Extract(layout));
        Step("grub-mkrescue", [layout.Iso], [layout.KernelElf, layout.SymbolFile, layout.FontFile, layout.GrubConfig], PackIso);
    }

    private void Step(string name, string[] outputs, string[] inputs, Action action)
    {
        var newestInput = inputs.Max(File.GetLastWriteTimeUtc);
        if (outputs.All(File.Exists) && outputs.Min(File.GetLastWriteTimeUtc) >= newestInput) return;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        action();
        lock (log) log.WriteLine($"zos: {name} ({watch.ElapsedMilliseconds} ms)");
    }

    // Waits for every step, then fails with all their problems if any failed.
    private static void RunConcurrently(Action[] steps)
    {
        try
        {
            Parallel.Invoke(new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, steps);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is BuildException))
        {
            var failures = e.InnerExceptions.Cast<BuildException>().ToList();
            if (failures.Count == 1) throw failures[0];
            throw new BuildException(string.Join("\n", failures.Select(f => f.Message)), failures.SelectMany(f => f.Problems).ToList());
        }
    }

    private void EmitFacades(string stamp)
    {
        Directory.CreateDirectory(layout.Facades);
        var types = FacadeEmitter.PublicTypes(layout.Corlib);
        foreach (var name in FacadeEmitter.FrameworkAssemblyNames())
            FacadeEmitter.Emit(name, RepositoryLayout.CorlibName, types, Path.Combine(layout.Facades, name + ".dll"));
        File.WriteAllText(stamp, $"{types.Count} types\n");
    }

    private void CheckCorlibShape(string stamp)
    {
        var problems = ApiShapeCheck.Check(layout.Corlib, FacadeEmitter.ReferenceAssemblies());
        if (problems.Count > 0)
            throw new BuildException("the corlib differs from the BCL's shape:\n  " + string.Join("\n  ", problems));
        File.WriteAllText(stamp, "ok\n");
    }

    private static void CheckDriver(string driver, IReadOnlyCollection<string> driverSide, string stamp)
    {
        string name = Path.GetFileName(driver);
        var problems = DriverAssemblyCheck.Check(driver, driverSide);
        if (problems.Count > 0)
            throw new BuildException($"{name} breaks the driver rules (docs/drivers.md, \"What the build rejects\"):",
                problems.Select(p => $"{name}: {p}").ToList());
        File.WriteAllText(stamp, "ok\n");
    }

    private IEnumerable<string> References(IEnumerable<string> libraries) =>
        libraries.Select(l => "-r:" + l).Append("-r:" + Path.Combine(layout.Facades, "*.dll"));

    private void CompileKernel(string ilc, string[] libraries, string output)
    {
        string[] arguments = [layout.Corlib, .. libraries, "-o:" + output, "-O", "-g", "--nativelib", .. Ilc.TargetOptions, "-r:" + Path.Combine(layout.Facades, "*.dll")];
        RunIlc(ilc, arguments, "the kernel");
    }

    // The kernel compile only sees reachable methods; this pass compiles all of a
    // library's non-generic methods so that a missing member anywhere fails the build.
    private void CheckEveryMethod(string ilc, string library, string[] libraries, string stamp)
    {
        string output = Path.Combine(layout.Work, Path.GetFileNameWithoutExtension(library) + ".check.o");
        string[] arguments = [library, "-o:" + output, "--multifile", .. Ilc.TargetOptions, "-r:" + layout.Corlib, .. References(libraries.Where(l => l != library))];
        RunIlc(ilc, arguments, Path.GetFileName(library));
        File.Delete(output);
        File.WriteAllText(stamp, "ok\n");
    }

    private static void RunIlc(string ilc, string[] arguments, string what)
    {
        var result = ProcessRunner.Run(ilc, arguments);
        var problems = Ilc.Problems(result.Output);
        if (result.ExitCode != 0 || problems.Count > 0)
            throw new BuildException($"ilc rejected {what}:\n  " + string.Join("\n  ", problems.Count > 0 ? problems : [result.Output]));
    }

    private void WriteSymbolFile()
    {
        string table = ProcessRunner.RunChecked("nm", ["-n", "--defined-only", layout.KernelElf]);
        var assemblies = _libraryNames;
        using var writer = new StreamWriter(layout.SymbolFile) { NewLine = "\n" };
        foreach (var line in table.Split('\n'))
        {
            var parts = line.Trim().Split(' ');
            if (parts.Length != 3 || "TtDdRrBb".IndexOf(parts[1][0]) < 0) continue;
            writer.WriteLine($"{parts[0].TrimStart('0').PadLeft(1, '0')} {SymbolNames.Demangle(parts[2], assemblies)}");
        }
    }

    private void PackIso()
    {
        string boot = Path.Combine(layout.IsoRoot, "boot");
        Directory.CreateDirectory(Path.Combine(boot, "grub"));
        File.Copy(layout.KernelElf, Path.Combine(boot, "zos.elf"), overwrite: true);
        File.Copy(layout.SymbolFile, Path.Combine(boot, "zos.sym"), overwrite: true);
        File.Copy(layout.FontFile, Path.Combine(boot, "zos.psf"), overwrite: true);
        File.Copy(layout.GrubConfig, Path.Combine(boot, "grub", "grub.cfg"), overwrite: true);
        // Only the modules grub.cfg needs: a 1 MB ISO instead of 20 MB.
        ProcessRunner.RunChecked("grub-mkrescue", ["-o", layout.Iso,
            "--install-modules=multiboot2 normal serial terminal configfile iso9660 part_msdos part_gpt all_video smbios test",
            "--locales=", "--fonts=", "--themes=", layout.IsoRoot]);
    }
}
