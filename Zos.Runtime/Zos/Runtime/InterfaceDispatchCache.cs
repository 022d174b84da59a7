using System.Runtime.InteropServices;
using Internal.Runtime;

namespace Zos.Runtime
{
    // A call site's memory of (object type → code). interface_dispatch.asm scans the
    // entries until a null type; a miss goes to the resolver, which adds the entry here.
    // Caches grow by doubling up to MaxCapacity; a full one at the limit stays as it is
    // (further types still work, through the slow path). Replaced caches are never freed:
    // another CPU may still be scanning one. Writers run with interrupts off, which
    // serialises them on one CPU (readers need no lock).
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct InterfaceDispatchCache
    {
        private const int InitialCapacity = 4;
        private const int MaxCapacity = 64;

        [StructLayout(LayoutKind.Sequential)]
        private struct Entry
        {
            public MethodTable* Type;
            public nint Code;
        }

        public MethodTable* InterfaceType;
        public ushort InterfaceSlot;
        private ushort _count;
        private ushort _capacity;
        // Entries follow: _capacity of them plus the null terminator the stub stops at.

        private Entry* Entries
        {
            get
            {
                fixed (InterfaceDispatchCache* self = &this)
                    return (Entry*)(self + 1);
            }
        }

        // Adds type → code to the cell's cache, creating or growing it, and points
        // the cell at it. The cache pointer is written before the stub, so a cell
        // whose stub is the cached one always has a cache.
        public static void Add(InterfaceDispatchCell* cell, MethodTable* interfaceType, int interfaceSlot, MethodTable* type, nint code)
        {
            ulong flags = InterruptState.Disable();
            AddUninterrupted(cell, interfaceType, interfaceSlot, type, code);
            InterruptState.Restore(flags);
        }

        private static void AddUninterrupted(InterfaceDispatchCell* cell, MethodTable* interfaceType, int interfaceSlot, MethodTable* type, nint code)
        {
            // Another thread may have added this type since the caller missed it.
            if (cell->Cache != null && cell->Cache->Contains(type)) return;
            InterfaceDispatchCache* cache = cell->Cache;
            if (cache != null && cache->_count == cache->_capacity)
            {
                if (cache->_capacity == MaxCapacity) return;
                cache = Grow(cache);
            }
            else if (cache == null)
            {
                cache = Allocate(interfaceType, interfaceSlot, InitialCapacity);
            }
            // Code before type (x64 keeps stores in order): a stub scanning concurrently
            // must never match a type whose code is not there yet.
            Entry* entry = cache->Entries + cache->_count;
            entry->Code = code;
            entry->Type = type;
            cache->_count++;
            cell->Data = (nint)cache;
            cell->Stub = InterfaceDispatch.CachedStub();
        }

        private bool Contains(MethodTable* type)
        {
            for (int i = 0; i < _count; i++) if (Entries[i].Type == type) return true;
            return false;
        }

        private static InterfaceDispatchCache* Grow(InterfaceDispatchCache* old)
        {
            InterfaceDispatchCache* cache = Allocate(old->InterfaceType, old->InterfaceSlot, old->_capacity * 2);
            for (int i = 0; i < old->_count; i++) cache->Entries[i] = old->Entries[i];
            cache->_count = old->_count;
            return cache;
        }

        // Permanent heap memory is zeroed, so the terminator entry is already null.
        private static InterfaceDispatchCache* Allocate(MethodTable* interfaceType, int interfaceSlot, int capacity)
        {
            var cache = (InterfaceDispatchCache*)KernelHeap.AllocatePermanent((ulong)(sizeof(InterfaceDispatchCache) + (capacity + 1) * sizeof(Entry)));
            cache->InterfaceType = interfaceType;
            cache->InterfaceSlot = (ushort)interfaceSlot;
            cache->_capacity = (ushort)capacity;
            return cache;
        }
    }
}
