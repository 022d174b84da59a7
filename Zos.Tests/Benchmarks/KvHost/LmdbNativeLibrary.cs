using System.Reflection;
using System.Runtime.InteropServices;
using LightningDB;

namespace Zos.Tests.Benchmarks.KvHost;

// LightningDB 0.24's own liblmdb.so for linux-x64 needs glibc 2.38, newer than
// Debian 12's 2.36. Where it does not load, the system's LMDB is used
// (Debian: `apt-get install liblmdb0`, LMDB 0.9.24), and the benchmark prints
// which one it got.
public static class LmdbNativeLibrary
{
    private static string _loaded = "not loaded yet";

    public static string Loaded => _loaded;

    // Idempotent; before the first LightningDB call.
    public static void Install() => Installed.Value.ToString();

    private static readonly Lazy<bool> Installed = new(() =>
    {
        NativeLibrary.SetDllImportResolver(typeof(LightningEnvironment).Assembly, Resolve);
        return true;
    });

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != "lmdb") return IntPtr.Zero;
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out IntPtr bundled))
        {
            _loaded = "LightningDB's own liblmdb";
            return bundled;
        }
        if (NativeLibrary.TryLoad("liblmdb.so.0", out IntPtr system))
        {
            _loaded = "the system's liblmdb.so.0";
            return system;
        }
        return IntPtr.Zero;
    }
}
