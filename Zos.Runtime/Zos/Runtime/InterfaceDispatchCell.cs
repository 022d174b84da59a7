using System.Runtime.InteropServices;
using Internal.Runtime;

namespace Zos.Runtime
{
    // What ilc emits per (interface method, calling method): the stub the call site
    // jumps through (`call [r11]` with r11 = the cell) and a word naming the interface.
    // Cells for one interface slot form a run closed by a cell with a null stub whose
    // second word holds the slot. Initially the second word is a relative pointer to
    // the interface's MethodTable, tagged 3 in its low bits; once resolved it points at
    // the cell's InterfaceDispatchCache (low bits 0) and the stub is the cached one.
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct InterfaceDispatchCell
    {
        private const nint TagMask = 3;
        private const nint RelativeInterfaceTag = 3;
        private const nint IndirectRelativeInterfaceTag = 2;
        private const nint InterfacePointerTag = 1;
        private const nint InterfaceAndSlotCellType = 0;

        public nint Stub;
        public nint Data;

        public InterfaceDispatchCache* Cache => (Data & TagMask) == 0 ? (InterfaceDispatchCache*)Data : null;

        public void GetInterfaceAndSlot(out MethodTable* interfaceType, out int slot)
        {
            InterfaceDispatchCache* cache = Cache;
            if (cache != null)
            {
                interfaceType = cache->InterfaceType;
                slot = cache->InterfaceSlot;
                return;
            }
            fixed (InterfaceDispatchCell* self = &this)
            {
                InterfaceDispatchCell* terminator = self;
                while (terminator->Stub != 0) terminator++;
                if (terminator->Data >> 16 != InterfaceAndSlotCellType)
                    RuntimeFailure.Fail(FailureKind.InterfaceDispatch, "dispatch cell is not an interface-and-slot cell");
                slot = (ushort)terminator->Data;
                byte* dataField = (byte*)&self->Data;
                switch (Data & TagMask)
                {
                    case RelativeInterfaceTag:
                        interfaceType = (MethodTable*)((dataField + (int)Data) - RelativeInterfaceTag);
                        break;
                    case IndirectRelativeInterfaceTag:
                        interfaceType = *(MethodTable**)((dataField + (int)Data) - IndirectRelativeInterfaceTag);
                        break;
                    default:
                        interfaceType = (MethodTable*)(Data - InterfacePointerTag);
                        break;
                }
            }
        }
    }
}
