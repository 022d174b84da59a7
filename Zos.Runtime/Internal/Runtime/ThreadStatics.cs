using System.Runtime;
using System.Runtime.CompilerServices;
using Zos.Runtime;

namespace Internal.Runtime
{
    // [ThreadStatic] fields. ilc gives every type with thread statics an index
    // into the module's ThreadStaticRegion (section 202), whose entry is the
    // MethodTable of a block holding all of that type's thread static fields, and
    // (with --noinlinetls) asks this class for the running thread's block before
    // each access. A thread's blocks live in one object[] indexed by type, made
    // and filled lazily on first access, so a thread that never touches a thread
    // static costs nothing. The running thread's array sits in s_running; the
    // kernel's scheduler swaps it on every thread switch and keeps the array of a
    // switched-out thread referenced, which is what makes it a GC root.
    internal static unsafe class ThreadStatics
    {
        private static MethodTable** s_blockTypes;
        private static int s_typeCount;
        private static object[] s_running;

        // Startup: the module's ThreadStaticRegion, pointer-sized MethodTable pointers.
        internal static void SetRegion(byte* start, byte* end)
        {
            if (start == end) return;
            if (s_typeCount != 0) RuntimeFailure.Fail(FailureKind.UnhandledException, "thread statics in more than one module");
            s_blockTypes = (MethodTable**)start;
            s_typeCount = (int)((end - start) / sizeof(MethodTable*));
        }

        // The storage of the thread switched to in, that of the thread switched away from out.
        [RuntimeExport("zos_thread_statics_exchange")]
        private static object Exchange(object next)
        {
            object previous = s_running;
            s_running = (object[])next;
            return previous;
        }

        // ilc's helper: the running thread's block of the type at typeTlsIndex. Every
        // module points at the same type manager, and only one may have thread statics.
        internal static object GetThreadStaticBaseForType(TypeManagerSlot* module, int typeTlsIndex)
        {
            object[] storage = s_running;
            if (storage is not null)
            {
                object block = storage[typeTlsIndex];
                if (block is not null) return block;
            }
            return CreateBlock(typeTlsIndex);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static object CreateBlock(int typeTlsIndex)
        {
            if ((uint)typeTlsIndex >= (uint)s_typeCount)
                RuntimeFailure.Fail(FailureKind.UnhandledException, "thread static of an unknown type");
            // A switch between here and the stores below swaps s_running out and back:
            // only this thread ever changes its own storage.
            s_running ??= new object[s_typeCount];
            object block = ObjectAllocator.NewObject(s_blockTypes[typeTlsIndex]);
            s_running[typeTlsIndex] = block;
            return block;
        }
    }
}
