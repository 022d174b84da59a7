using System.Runtime.CompilerServices;
using Internal.Runtime;
using Zos.Runtime.Gc;
using Zos.Runtime;

namespace System.Runtime.InteropServices
{
    // A slot the collector treats as a root (Normal, Pinned) or clears when
    // its target dies (Weak). Objects never move, so a pinned object's address
    // stays valid until the handle is freed. The handle is the slot's address,
    // with bit 0 set for pinned handles (slots are 16-byte aligned).
    public struct GCHandle : IEquatable<GCHandle>
    {
        private const nint PinnedBit = 1;
        private nint _handle;

        private GCHandle(nint handle) { _handle = handle; }

        public static GCHandle Alloc(object value) => Alloc(value, GCHandleType.Normal);

        public static unsafe GCHandle Alloc(object value, GCHandleType type)
        {
            if (type < GCHandleType.Weak || type > GCHandleType.Pinned) throw new ArgumentOutOfRangeException("Unknown GC handle type.");
            if (type == GCHandleType.Pinned && value is not null && value.m_pEEType->HasPointers)
                throw new ArgumentException("Object contains non-primitive or non-blittable data.");
            ulong kind = type <= GCHandleType.WeakTrackResurrection ? GcHeap.HandleWeak : GcHeap.HandleStrong;
            nint slot = (nint)KernelHeap.AllocateHandle(value, kind);
            return new GCHandle(type == GCHandleType.Pinned ? slot | PinnedBit : slot);
        }

        public bool IsAllocated => _handle != 0;

        public unsafe object Target
        {
            get
            {
                nint target = *Slot;
                return Unsafe.As<nint, object>(ref target);
            }
            set
            {
                if (IsPinned && value is not null && value.m_pEEType->HasPointers)
                    throw new ArgumentException("Object contains non-primitive or non-blittable data.");
                *Slot = Unsafe.As<object, nint>(ref value);
            }
        }

        public unsafe void Free()
        {
            nint* slot = Slot;
            _handle = 0;
            KernelHeap.FreeHandle((ulong*)slot);
        }

        // The address of the first element of an array, the first character of
        // a string, or the first field of any other object.
        public unsafe nint AddrOfPinnedObject()
        {
            nint* slot = Slot;
            if (!IsPinned) throw new InvalidOperationException("Handle is not pinned.");
            nint target = *slot;
            if (target == 0) return 0;
            MethodTable* type = *(MethodTable**)target;
            if (type->IsSzArray) return target + 2 * sizeof(nint);
            if (type->HasComponentSize) return target + RuntimeHelpers.OffsetToStringData;
            return target + sizeof(nint);
        }

        public static GCHandle FromIntPtr(nint value)
        {
            if (value == 0) throw new InvalidOperationException("Handle is not initialized.");
            return new GCHandle(value);
        }

        public static nint ToIntPtr(GCHandle value) => value._handle;

        public static explicit operator GCHandle(nint value) => FromIntPtr(value);

        public static explicit operator nint(GCHandle value) => value._handle;

        public static bool operator ==(GCHandle a, GCHandle b) => a._handle == b._handle;

        public static bool operator !=(GCHandle a, GCHandle b) => a._handle != b._handle;

        public bool Equals(GCHandle other) => _handle == other._handle;

        public override bool Equals(object o) => o is GCHandle other && Equals(other);

        public override int GetHashCode() => _handle.GetHashCode();

        private bool IsPinned => (_handle & PinnedBit) != 0;

        private unsafe nint* Slot
        {
            get
            {
                if (_handle == 0) throw new InvalidOperationException("Handle is not initialized.");
                return (nint*)(_handle & ~PinnedBit);
            }
        }
    }
}
