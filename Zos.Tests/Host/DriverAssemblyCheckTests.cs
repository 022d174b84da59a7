using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NUnit.Framework;
using Zos.Build;

namespace Zos.Tests.Host;

// Each test compiles a small driver assembly with Roslyn, against the reference pack and
// stand-ins for Zos.Hal and Zos.Kernel, and runs the build's driver check on it.
public class DriverAssemblyCheckTests
{
    private const string Driver = "Zos.Drivers.Test.Driver";

    // Stand-ins with one type in each namespace the rules treat differently.
    private const string HalSource = """
        namespace Zos.Hal.Capabilities { public sealed class IoPortRange { public byte Read8(int offset) => 0; } }
        namespace Zos.Hal.Capabilities.Granting { public static class Granter { public static Zos.Hal.Capabilities.IoPortRange Grant(int port) => null; } }
        namespace Zos.Hal.Drivers { public interface IDriver { void Start(Zos.Hal.Capabilities.IoPortRange ports); } }
        namespace Hardware { public static class Raw { public static int Peek() => 0; } }
        namespace Zos.Hal.Ports { public static class PortIo { public static byte Read8(int port) => 0; } public abstract class PortUser { } }
        """;

    private const string KernelSource = "namespace Zos.Kernel.Threading { public class Scheduler { public static void Yield() { } } }";

    private static readonly Lazy<MetadataReference[]> ReferencePack =
        new(() => FacadeEmitter.ReferenceAssemblies().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    private DirectoryInfo _directory = null!;
    private MetadataReference[] _zosReferences = null!;

    [SetUp]
    public void CompileStandIns()
    {
        _directory = Directory.CreateTempSubdirectory("zos-drivercheck-");
        var hal = MetadataReference.CreateFromFile(Compile("Zos.Hal", HalSource));
        var kernel = MetadataReference.CreateFromFile(Compile("Zos.Kernel", KernelSource));
        _zosReferences = [hal, kernel];
    }

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    [Test]
    public void EveryDriverSideAssemblyOfTheImageKeepsTheRules()
    {
        var layout = new RepositoryLayout(RepositoryRoot(), "Debug");
        var image = KernelImage.Find(layout);

        Assert.That(image.DriverSideNames, Is.EquivalentTo(new[]
        {
            "Zos.Drivers.Kit", "Zos.Drivers.VirtIO", "Zos.Drivers.VirtIOBlock", "Zos.Drivers.Ahci", "Zos.Drivers.Nvme", "Zos.Drivers.Edu", "Zos.Drivers.Ps2",
        }), "today's drivers, and the libraries they share, found from the image project's references");
        foreach (string driver in image.DriverSide)
            Assert.That(DriverAssemblyCheck.Check(driver, image.DriverSideNames), Is.Empty, driver);
    }

    [Test]
    public void DriverLikeCodeInSafeCSharpPasses()
    {
        string source = """
            using System;
            using System.Collections.Generic;
            using Zos.Hal.Capabilities;
            using Zos.Hal.Drivers;
            public struct Counter { public int Value; public void Bump() { Value++; this = new Counter { Value = Value }; } }
            public sealed class Driver : IDriver
            {
                private readonly List<Func<int, int>> _steps = new();
                private static readonly byte[] Table = [1, 2, 3, 4, 5, 6, 7, 8];
                private static ReadOnlySpan<byte> Magic => [0x7f, (byte)'E', (byte)'L', (byte)'F'];
                private static ReadOnlySpan<int> Wide => [1, 2, 3];
                public event Action Started;
                public void Start(IoPortRange ports)
                {
                    int total = ports.Read8(0) + Table[2] + Magic[1] + Wide[2] + "id"u8[0];
                    _steps.Add(x => x + total);
                    _steps.Add(Twice);
                    Increment(ref total);
                    Span<int> values = new int[4];
                    values[1] = total;
                    ref int slot = ref values[2];
                    slot = total > 3 ? values[1] : 0;
                    var counter = new Counter();
                    counter.Bump();
                    try { if (total < 0) throw new InvalidOperationException("negative"); }
                    catch (InvalidOperationException e) when (e.Message.Length > 0) { total = 0; }
                    finally { Started?.Invoke(); }
                    switch (total) { case 1: total++; break; case 2: total--; break; default: total = Pick(ref total, ref counter.Value); break; }
                    lock (_steps) { _steps.RemoveAt(0); }
                }
                private static int Twice(int x) => x * 2;
                private static void Increment(ref int value) => value++;
                private static ref int Pick(ref int a, ref int b) => ref (a > b ? ref a : ref b);
                public static T First<T>(IEnumerable<T> items) where T : class { foreach (var item in items) return item; return null; }
                public static IEnumerable<int> Evens(int limit) { for (int i = 0; i < limit; i += 2) yield return i; }
                public static string Describe(Device device, int? irq) => $"{device.Name}@{device.Bar:x} irq {irq ?? -1}";
                public static (int Sum, int Max) Fold(ReadOnlySpan<int> values)
                {
                    var result = (Sum: 0, Max: int.MinValue);
                    foreach (ref readonly int v in values) { result.Sum = checked(result.Sum + v); if (v > result.Max) result.Max = v; }
                    return result;
                }
            }
            public sealed record Device(string Name, ulong Bar);
            """;

        Assert.That(Check(source), Is.Empty);
    }

    [Test]
    public void PointerParameterAndAllowUnsafeBlocks()
    {
        var problems = Check("public static class Driver { public static unsafe int Read(int* address) => address[1]; }", allowUnsafe: true);

        Assert.That(problems, Does.Contain($"{Driver}.Read(int*): uses pointer type int*"));
        // AllowUnsafeBlocks leaves Roslyn's SkipVerification permission request in the assembly.
        Assert.That(problems, Does.Contain("assembly: uses System.Security.Permissions.SecurityPermissionAttribute..ctor (AllowUnsafeBlocks)"));
        Assert.That(problems, Has.Exactly(3).Items, string.Join("\n", problems));
    }

    [Test]
    public void PointerFieldAndPointerLocal()
    {
        var problems = Check("""
            public unsafe class Driver
            {
                private byte* _buffer;
                public int Sum(int[] values) { int* cursor = null; return cursor == null ? values.Length : 0; }
            }
            """, allowUnsafe: true);

        Assert.That(problems, Does.Contain($"{Driver}._buffer: uses pointer type byte*"));
        Assert.That(problems, Does.Contain($"{Driver}.Sum(int[]): local #0 uses pointer type int*"));
    }

    [TestCase("public static unsafe int Read(nint address) => *(int*)address;", "Read(nint)", "ldind.i4 (memory access through a pointer)")]
    [TestCase("public static unsafe void Write(nint address, int value) => *(int*)address = value;", "Write(nint, int)", "stind.i4 (memory access through a pointer)")]
    [TestCase("public static unsafe long Field(nint address) => ((Pair*)address)->B;", "Field(nint)", "ldfld (field access through a pointer)")]
    [TestCase("public static unsafe nint Address() { int x = 5; return (nint)(&x); }", "Address()", "conv.u (turns a managed reference into a pointer)")]
    [TestCase("public static int Scratch() { System.Span<byte> b = stackalloc byte[16]; return b.Length; }", "Scratch()", "localloc (stackalloc)")]
    [TestCase("public static unsafe int Copy() { byte* b = stackalloc byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }; return b[3]; }", "Copy()", "cpblk (raw memory block)")]
    [TestCase("public static unsafe int Call() { delegate*<int> f = &Seven; return f(); } static int Seven() => 7;", "Call()", "calli (indirect call through a function pointer)")]
    [TestCase("public static unsafe nint Take() { delegate*<int> f = &Seven; return (nint)f; } static int Seven() => 7;", "Take()", "ldftn (function pointer)")]
    public void UnsafeInstructionsAreNamedWithTheirOffset(string member, string method, string instruction)
    {
        var problems = Check($"public struct Pair {{ public int A; public long B; }} public static class Driver {{ {member} }}", allowUnsafe: true);

        Assert.That(problems, Has.Some.Match($@"^{Driver.Replace(".", @"\.")}\.{System.Text.RegularExpressions.Regex.Escape(method)}: IL_[0-9a-f]{{4}}: {System.Text.RegularExpressions.Regex.Escape(instruction)}$"),
            string.Join("\n", problems));
    }

    [Test]
    public void PinnedLocalOfAFixedStatement()
    {
        var problems = Check("public static class Driver { public static unsafe int First(byte[] data) { fixed (byte* p = data) return *p; } }", allowUnsafe: true);

        Assert.That(problems, Does.Contain($"{Driver}.First(byte[]): local #1 uses pinned local byte[] (fixed statement)"), string.Join("\n", problems));
    }

    [Test]
    public void FixedBuffer()
    {
        var problems = Check("public unsafe struct Packet { public fixed byte Payload[16]; } public static class Driver { }", allowUnsafe: true);

        Assert.That(problems, Does.Contain("Zos.Drivers.Test.Packet.Payload: has [System.Runtime.CompilerServices.FixedBufferAttribute] (a fixed buffer)"));
    }

    [Test]
    public void PInvokeInAllItsForms()
    {
        var problems = Check("""
            using System.Runtime.CompilerServices;
            using System.Runtime.InteropServices;
            public static class Driver
            {
                [DllImport("libc")] public static extern int getpid();
                [LibraryImport("libc")] public static extern int getuid();
                [MethodImpl(MethodImplOptions.InternalCall)] public static extern int Internal();
                [System.Runtime.RuntimeImport("zos_halt")] public static extern void Halt();
                public static extern void Bare();
            }
            """, outside: "namespace System.Runtime { internal sealed class RuntimeImportAttribute(string name) : Attribute { } }");

        Assert.That(problems, Is.SupersetOf(new[]
        {
            $"{Driver}.getpid(): is a P/Invoke (DllImport libc!getpid)",
            $"{Driver}.getuid(): has [System.Runtime.InteropServices.LibraryImportAttribute] (P/Invoke)",
            $"{Driver}.getuid(): is extern (no IL body)",
            $"{Driver}.Internal(): is an InternalCall (implemented inside the runtime)",
            $"{Driver}.Halt(): has [System.Runtime.RuntimeImportAttribute] (a runtime import)",
            $"{Driver}.Halt(): is extern (no IL body)",
            $"{Driver}.Bare(): is extern (no IL body)",
        }));
    }

    [TestCase("System.Runtime.CompilerServices.Unsafe.As<string>(o).Length", "System.Runtime.CompilerServices.Unsafe.As (unsafe memory access)")]
    [TestCase("System.Runtime.InteropServices.Marshal.SizeOf(o)", "System.Runtime.InteropServices.Marshal.SizeOf (native interop)")]
    [TestCase("System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(new byte[4]).Length", "System.Runtime.InteropServices.MemoryMarshal.Cast (unsafe memory access)")]
    [TestCase("System.Runtime.InteropServices.GCHandle.Alloc(o).IsAllocated ? 1 : 0", "System.Runtime.InteropServices.GCHandle.Alloc (GC handles)")]
    [TestCase("(int)System.Runtime.InteropServices.NativeMemory.AlignedAlloc(16, 16)", "System.Runtime.InteropServices.NativeMemory.AlignedAlloc (native memory)")]
    [TestCase("new System.Reflection.Emit.DynamicMethod(\"m\", typeof(int), null).Name.Length", "System.Reflection.Emit.DynamicMethod..ctor (reflection emit)")]
    [TestCase("Zos.Hal.Ports.PortIo.Read8(0x60)", "Zos.Hal.Ports.PortIo.Read8 (namespace Zos.Hal.Ports is not open to drivers)")]
    [TestCase("Zos.Hal.Capabilities.Granting.Granter.Grant(0x60).Read8(0)", "Zos.Hal.Capabilities.Granting.Granter.Grant (namespace Zos.Hal.Capabilities.Granting is not open to drivers)")]
    [TestCase("Hardware.Raw.Peek()", "Hardware.Raw.Peek (namespace Hardware is not open to drivers)")]
    [TestCase("Kernel()", "Zos.Kernel.Threading.Scheduler.Yield (assembly Zos.Kernel is kernel only)")]
    public void ForbiddenApisAreNamedWithTheMemberUsingThem(string expression, string use)
    {
        var problems = Check($$"""
            public static class Driver
            {
                public static unsafe int Use(object o) => {{expression}};
                private static int Kernel() { Zos.Kernel.Threading.Scheduler.Yield(); return 0; }
            }
            """, allowUnsafe: true);

        string user = expression == "Kernel()" ? "Kernel()" : "Use(object)";
        Assert.That(problems, Does.Contain($"{Driver}.{user}: uses {use}"), string.Join("\n", problems));
    }

    [Test]
    public void ForbiddenTypesInsideBaseTypesSignaturesAndTypeArguments()
    {
        var problems = Check("""
            public sealed class Driver : Zos.Hal.Ports.PortUser
            {
                public System.Collections.Generic.List<System.Runtime.InteropServices.GCHandle> Handles;
                public void Wait(Zos.Kernel.Threading.Scheduler scheduler) { }
                public static int Size() => System.Collections.Generic.EqualityComparer<System.Reflection.Emit.OpCode>.Default.GetHashCode();
            }
            """);

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            $"{Driver}: uses Zos.Hal.Ports.PortUser (namespace Zos.Hal.Ports is not open to drivers)",
            $"{Driver}..ctor(): uses Zos.Hal.Ports.PortUser..ctor (namespace Zos.Hal.Ports is not open to drivers)",
            $"{Driver}.Handles: uses System.Runtime.InteropServices.GCHandle (GC handles)",
            $"{Driver}.Wait(Zos.Kernel.Threading.Scheduler): uses Zos.Kernel.Threading.Scheduler (assembly Zos.Kernel is kernel only)",
            $"{Driver}.Size(): uses System.Collections.Generic.EqualityComparer`1<System.Reflection.Emit.OpCode>.get_Default, whose type has System.Reflection.Emit.OpCode (reflection emit)",
        }), string.Join("\n", problems));
    }

    [Test]
    public void ExplicitLayoutIsRejected()
    {
        var problems = Check("""
            using System.Runtime.InteropServices;
            [StructLayout(LayoutKind.Explicit)] public struct Overlay { [FieldOffset(0)] public long Number; [FieldOffset(0)] public double Real; }
            public static class Driver { }
            """);

        Assert.That(problems, Is.EqualTo(new[] { "Zos.Drivers.Test.Overlay: has explicit field offsets (LayoutKind.Explicit), which can overlay a reference with a number" }));
    }

    // Compiles `source` inside namespace Zos.Drivers.Test, with `outside` before it at top level.
    private IReadOnlyList<string> Check(string source, bool allowUnsafe = false, string outside = "") =>
        DriverAssemblyCheck.Check(Compile("Zos.Drivers", $"{outside}\nnamespace Zos.Drivers.Test\n{{\n{source}\n}}\n", allowUnsafe, _zosReferences));

    private string Compile(string name, string source, bool allowUnsafe = false, MetadataReference[]? references = null)
    {
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview))],
            [.. ReferencePack.Value, .. references ?? []],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, optimizationLevel: OptimizationLevel.Release));
        string path = Path.Combine(_directory.FullName, name + ".dll");
        var result = compilation.Emit(path);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.That(errors, Is.Empty, $"test source for {name} does not compile:\n{source}");
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Zos.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException("no Zos.sln above " + TestContext.CurrentContext.TestDirectory);
    }
}
