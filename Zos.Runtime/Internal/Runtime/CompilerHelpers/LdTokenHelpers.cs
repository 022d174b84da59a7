using System;
using System.Runtime.CompilerServices;

namespace Internal.Runtime.CompilerHelpers
{
    // ilc lowers `ldtoken` through these (by name) and insists they exist even where
    // the JIT then folds the token away, e.g. array initialisers read from RVA data.
    // Each handle is a single pointer-sized field holding what ilc passes in.
    internal static class LdTokenHelpers
    {
        private static RuntimeTypeHandle GetRuntimeTypeHandle(IntPtr type) => Unsafe.As<IntPtr, RuntimeTypeHandle>(ref type);

        private static RuntimeMethodHandle GetRuntimeMethodHandle(IntPtr method) => Unsafe.As<IntPtr, RuntimeMethodHandle>(ref method);

        private static RuntimeFieldHandle GetRuntimeFieldHandle(IntPtr field) => Unsafe.As<IntPtr, RuntimeFieldHandle>(ref field);
    }
}
