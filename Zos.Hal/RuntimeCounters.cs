using System.Runtime;
using System.Runtime.CompilerServices;

namespace Zos.Hal
{
    // Counters the runtime keeps about its own slow paths, so tests can prove
    // that caches work (e.g. interface dispatch resolves a call site once per type).
    public static class RuntimeCounters
    {
        [RuntimeImport("zos_interface_resolutions"), MethodImpl(MethodImplOptions.InternalCall)]
        private static extern long ReadInterfaceResolutions();

        // Interface calls that missed their call site's cache and were resolved from the type's dispatch map.
        public static long InterfaceResolutions => ReadInterfaceResolutions();
    }
}
