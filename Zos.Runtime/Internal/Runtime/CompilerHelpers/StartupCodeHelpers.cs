using System.Runtime;
using System.Runtime.CompilerServices;
using Zos.Runtime;

namespace Internal.Runtime.CompilerHelpers
{
    // Brings ilc's output to life before any managed code runs: allocates the
    // objects that hold GC statics, fills the type manager slot and runs eager
    // class constructors. The boot stub calls it with the bounds of the
    // __modules section (pointers to each module's ReadyToRun header).
    internal static unsafe class StartupCodeHelpers
    {
        private const uint HeaderSignature = 0x00525452;
        private const int GCStaticRegion = 201;
        private const int ThreadStaticRegion = 202;
        private const int TypeManagerIndirection = 204;
        private const int EagerCctor = 205;
        private const int UninitializedFlag = 1;
        private const int HasPreInitializedDataFlag = 2;
        private const int FlagsMask = 3;

        private static nint s_typeManager;

        [RuntimeExport("zos_runtime_initialize")]
        public static void Initialize(nint* modulesStart, nint* modulesEnd, byte* bootstrapArena)
        {
            KernelHeap.InitializeBootstrap(bootstrapArena);
            for (nint* module = modulesStart; module < modulesEnd; module++)
                if (*module != 0) InitializeModule((byte*)*module);
        }

        private static void InitializeModule(byte* header)
        {
            if (*(uint*)header != HeaderSignature) RuntimeFailure.Fail(FailureKind.UnhandledException, "bad ReadyToRun header");
            int sections = *(ushort*)(header + 12);
            int entrySize = header[14];
            byte* rows = header + 16;
            // Statics first: eager constructors may touch them.
            for (int pass = 0; pass < 2; pass++)
            {
                for (int i = 0; i < sections; i++)
                {
                    byte* row = rows + i * entrySize;
                    int id = *(int*)row;
                    byte* start = *(byte**)(row + 8);
                    byte* end = *(byte**)(row + 16);
                    if (pass == 0 && id == GCStaticRegion) InitializeGCStatics(start, end);
                    if (pass == 0 && id == TypeManagerIndirection) *(nint*)start = (nint)Unsafe.AsPointer(ref s_typeManager);
                    if (pass == 0 && id == ThreadStaticRegion) ThreadStatics.SetRegion(start, end);
                    if (pass == 1 && id == EagerCctor) RunInitializers(start, end);
                }
            }
        }

        private static byte* ReadRelativePointer(byte* at) => at + *(int*)at;

        // The slots stay roots of every collection.
        private static void InitializeGCStatics(byte* start, byte* end)
        {
            KernelHeap.AddStaticRoots(start, end);
            for (byte* entry = start; entry < end; entry += sizeof(int))
            {
                byte* block = ReadRelativePointer(entry);
                nint typeWithFlags = (nint)ReadRelativePointer(block);
                if ((typeWithFlags & UninitializedFlag) == 0) continue;
                MethodTable* type = (MethodTable*)(typeWithFlags & ~(nint)FlagsMask);
                object statics = ObjectAllocator.NewObject(type);
                if ((typeWithFlags & HasPreInitializedDataFlag) != 0)
                {
                    byte* data = ReadRelativePointer(block + sizeof(int));
                    byte* target = (byte*)Unsafe.As<object, nint>(ref statics) + sizeof(nint);
                    uint size = type->BaseSize - (uint)(2 * sizeof(nint));
                    for (uint b = 0; b < size; b++) target[b] = data[b];
                }
                *(nint*)block = Unsafe.As<object, nint>(ref statics);
            }
        }

        private static void RunInitializers(byte* start, byte* end)
        {
            for (byte* entry = start; entry < end; entry += sizeof(int))
                ((delegate*<void>)ReadRelativePointer(entry))();
        }
    }
}
