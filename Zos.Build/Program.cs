using Zos.Build;

// Ad-hoc entry while the pipeline is brought up.
var corlib = args[0];
var outDir = args[1];
Directory.CreateDirectory(outDir);
var types = FacadeEmitter.PublicTypes(corlib);
foreach (var name in new[] { "System.Runtime", "System.Collections", "System.Memory", "System.Runtime.InteropServices", "System.Console", "System.Runtime.Intrinsics" })
    FacadeEmitter.Emit(name, "System.Private.CoreLib", types, Path.Combine(outDir, name + ".dll"));
Console.WriteLine($"{types.Count} types forwarded");
