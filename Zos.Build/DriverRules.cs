namespace Zos.Build;

// What driver assemblies may reference: the one place that lists it. The driver
// assembly check (DriverAssemblyCheck) reads only these tables; docs/drivers.md
// ("What the build rejects") explains them.
public static class DriverRules
{
    // Zos namespaces a driver may use (each with its sub-namespaces, minus KernelOnlyNamespaces):
    // the capabilities it is granted and the driver API. Everything else under Zos. is kernel-side.
    public static readonly string[] AllowedZosNamespaces = ["Zos.Hal.Capabilities", "Zos.Hal.Drivers"];

    // Inside the allowed namespaces but only for the kernel: granting creates capabilities.
    public static readonly string[] KernelOnlyNamespaces = ["Zos.Hal.Capabilities.Granting"];

    // Assemblies no driver may reference at all: the kernel, and Zos's corlib named directly
    // (drivers compile against the BCL reference assemblies, which expose none of the runtime's internals).
    public static readonly string[] KernelOnlyAssemblies = ["Zos.Kernel", "Zos.Shell", "Zos.SelfTests", "Zos.Image", RepositoryLayout.CorlibName];

    // Namespaces whose every type is off limits, with the reason shown in the build error.
    public static readonly (string Namespace, string Reason)[] ForbiddenNamespaces =
    [
        ("System.Reflection.Emit", "reflection emit"),
        ("Internal", "runtime internals"),
    ];

    // Types that break memory or type safety, by full name (nested types as Outer+Inner).
    public static readonly (string Type, string Reason)[] ForbiddenTypes =
    [
        ("System.Runtime.CompilerServices.Unsafe", "unsafe memory access"),
        ("System.Runtime.InteropServices.Marshal", "native interop"),
        ("System.Runtime.InteropServices.MemoryMarshal", "unsafe memory access"),
        ("System.Runtime.InteropServices.CollectionsMarshal", "unsafe memory access"),
        ("System.Runtime.InteropServices.NativeMemory", "native memory"),
        ("System.Runtime.InteropServices.NativeLibrary", "native interop"),
        ("System.Runtime.InteropServices.GCHandle", "GC handles"),
        ("System.Runtime.InteropServices.GCHandle`1", "GC handles"),
        ("System.Runtime.InteropServices.PinnedGCHandle`1", "GC handles"),
        ("System.Runtime.InteropServices.WeakGCHandle`1", "GC handles"),
    ];

    // Attributes that ask the compiler or ilc for native entry points, native imports,
    // access-check bypasses or unsafe layouts. Matched by full name wherever the attribute
    // type is defined: ilc and the runtime recognise several of them by name alone.
    public static readonly (string Type, string Reason)[] ForbiddenAttributes =
    [
        ("System.Runtime.InteropServices.DllImportAttribute", "P/Invoke"),
        ("System.Runtime.InteropServices.LibraryImportAttribute", "P/Invoke"),
        ("System.Runtime.RuntimeImportAttribute", "a runtime import"),
        ("System.Runtime.RuntimeExportAttribute", "a runtime export"),
        ("System.Runtime.InteropServices.UnmanagedCallersOnlyAttribute", "a native entry point"),
        ("System.Runtime.CompilerServices.UnsafeAccessorAttribute", "an access-check bypass"),
        ("System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute", "an access-check bypass"),
        ("System.Runtime.CompilerServices.FixedBufferAttribute", "a fixed buffer"),
        ("System.Runtime.CompilerServices.UnsafeValueTypeAttribute", "a fixed buffer"),
        ("System.Runtime.CompilerServices.SkipLocalsInitAttribute", "uninitialised locals"),
        ("System.Runtime.CompilerServices.UnverifiableCodeAttribute", "AllowUnsafeBlocks"),
        ("System.Security.Permissions.SecurityPermissionAttribute", "AllowUnsafeBlocks"),
        ("System.Runtime.CompilerServices.IntrinsicAttribute", "a compiler intrinsic"),
    ];

    public static bool IsZosNamespace(string ns) => ns == "Zos" || ns.StartsWith("Zos.", StringComparison.Ordinal);

    public static bool IsAllowedZosNamespace(string ns) =>
        AllowedZosNamespaces.Any(allowed => IsWithin(ns, allowed)) && !KernelOnlyNamespaces.Any(denied => IsWithin(ns, denied));

    public static bool IsWithin(string ns, string outer) =>
        ns == outer || ns.StartsWith(outer + ".", StringComparison.Ordinal);
}
