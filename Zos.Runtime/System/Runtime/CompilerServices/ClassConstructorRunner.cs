using Internal.Runtime;
using Zos.Runtime;

namespace System.Runtime.CompilerServices
{
    // Lazy static constructors (ilc calls these helpers by name; that this type
    // exists is what makes ilc stop running every class constructor at startup).
    // A constructor runs once, on the first access the C# rules make it precede.
    // A constructor reached again while it is still running on the same thread
    // (A's constructor touches B, whose constructor touches A) returns at once, so
    // the caller sees A partially initialised, as C# specifies.
    internal static unsafe class ClassConstructorRunner
    {
        private static object CheckStaticClassConstructionReturnGCStaticBase(StaticClassConstructionContext* context, object gcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return gcStaticBase;
        }

        private static IntPtr CheckStaticClassConstructionReturnNonGCStaticBase(StaticClassConstructionContext* context, IntPtr nonGcStaticBase)
        {
            EnsureClassConstructorRun(context);
            return nonGcStaticBase;
        }

        // Thread statics: the constructor runs once, on whichever thread gets here
        // first, so a field initialiser sets only that thread's value.
        private static object CheckStaticClassConstructionReturnThreadStaticBase(TypeManagerSlot* module, int typeTlsIndex, StaticClassConstructionContext* context)
        {
            EnsureClassConstructorRun(context);
            return ThreadStatics.GetThreadStaticBaseForType(module, typeTlsIndex);
        }

        public static void EnsureClassConstructorRun(StaticClassConstructionContext* context)
        {
            IntPtr constructor = context->cctorMethodAddress;
            if (constructor == 0) return;
            if (!ClassConstructorLocks.TryEnter(context)) return;
            // Re-check: another thread may have finished this constructor while we waited.
            if (context->cctorMethodAddress != 0)
            {
                ((delegate*<void>)constructor)();
                context->cctorMethodAddress = 0;
            }
            ClassConstructorLocks.Exit(context);
        }
    }
}
