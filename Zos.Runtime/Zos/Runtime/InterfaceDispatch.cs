using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Zos.Runtime
{
    // The slow path of interface calls. interface_dispatch.asm saves the argument
    // registers and calls Resolve with the object and its call site's cell; the
    // result is cached in the cell, so the next call with the same type stays in assembly.
    internal static unsafe class InterfaceDispatch
    {
        private static long s_resolutions;

        // The address of the assembly stub that scans a cell's cache.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("zos_cached_interface_dispatch_stub")]
        public static extern nint CachedStub();

        [RuntimeExport("zos_interface_resolutions")]
        public static long Resolutions() => s_resolutions;

        [RuntimeExport("zos_resolve_interface_call")]
        public static nint Resolve(object target, InterfaceDispatchCell* cell, void* returnAddress)
        {
            s_resolutions++;
            cell->GetInterfaceAndSlot(out MethodTable* interfaceType, out int slot);
            MethodTable* type = target.m_pEEType;
            nint code = InterfaceResolver.FindImplementation(type, interfaceType, slot);
            if (code == 0)
                RuntimeFailure.Fail(FailureKind.InterfaceDispatch, "the object's type does not implement the interface method", type, returnAddress);
            InterfaceDispatchCache.Add(cell, interfaceType, slot, type, code);
            return code;
        }
    }
}
