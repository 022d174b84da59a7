using Zos.Build;

// zos <verb>: the one entry point behind `dotnet build`, build.ps1 and the README.
//   image  build the kernel image and ISO from the compiled assemblies (run by dotnet build)
//   run    build, then boot the ISO in QEMU with the serial console in this terminal;
//          arguments after `--` go to QEMU (zos run -- -device edu)
//          --screen: the no-serial machine instead (q35, AHCI disk, VGA, PS/2, no serial port) shown
//          in a window, the terminal or VNC (--display gtk|sdl|curses|vnc to choose)
//   debug  build, then start QEMU halted with its gdb stub and print (or, with --gdb, run) gdb
//   kv     format, dump or check the key-value store in a disk image (KeyValueTool; no repository needed)
string verb = args.Length > 0 ? args[0] : "run";
if (verb == "kv") return KeyValueTool.Run(args[1..], Console.Out, Console.Error);
string configuration = OptionValue("--configuration") ?? "Debug";
try
{
    var layout = new RepositoryLayout(RepositoryLayout.FindRoot(Environment.CurrentDirectory), configuration);
    switch (verb)
    {
        case "image":
            new ImageBuilder(layout, Console.Out).Build();
            return 0;
        case "run":
            BuildIfChanged(layout);
            return OwnArguments().Contains("--screen")
                ? Launcher.RunScreen(layout, OptionValue("--display"), ArgumentsAfterSeparator())
                : Launcher.Run(layout, ArgumentsAfterSeparator());
        case "debug":
            BuildIfChanged(layout);
            return Launcher.Debug(layout, runGdb: args.Contains("--gdb"));
        default:
            Console.Error.WriteLine($"zos: unknown verb '{verb}'. Verbs: image, run, debug, kv.");
            return 2;
    }
}
catch (BuildException e)
{
    Console.Error.WriteLine($"zos: error: {e.Message}");
    foreach (var problem in e.Problems) Console.Error.WriteLine($"zos: error: {problem}");
    return 1;
}

string[] ArgumentsAfterSeparator()
{
    int at = Array.IndexOf(args, "--");
    return at < 0 ? [] : args[(at + 1)..];
}

// The arguments before `--` (the rest are QEMU's).
string[] OwnArguments()
{
    int at = Array.IndexOf(args, "--");
    return at < 0 ? args : args[..at];
}

string? OptionValue(string name)
{
    string[] own = OwnArguments();
    int at = Array.IndexOf(own, name);
    return at >= 0 && at + 1 < own.Length ? own[at + 1] : null;
}

// dotnet build of the image project runs `zos image` after compiling, so this yields the ISO.
static void BuildIfChanged(RepositoryLayout layout)
{
    var freshness = new ImageFreshness(layout, typeof(ImageBuilder).Assembly.Location);
    var newestInput = freshness.NewestInput();
    if (freshness.IsBuilt(newestInput)) return;
    // -m:1: a worker node costs more to start than it saves when, as usual, one project changed.
    string[] restore = freshness.NeedsRestore() ? [] : ["--no-restore"];
    var result = ProcessRunner.Run("dotnet", ["build", Path.Combine(layout.Root, "Zos.Image"), "-c", layout.Configuration, "--nologo", "-v", "q", "-m:1", .. restore]);
    if (result.ExitCode != 0) throw new BuildException("build failed:\n" + result.Output);
    freshness.RecordBuilt(newestInput);
}
