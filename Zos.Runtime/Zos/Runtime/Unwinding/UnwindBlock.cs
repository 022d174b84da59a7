namespace Zos.Runtime.Unwinding
{
    // What a function kind is: the main body, or a handler/filter funclet.
    internal enum FunctionKind : byte
    {
        Root = 0,
        Handler = 1,
        Filter = 2,
    }

    // ilc's LSDA blob for one function or funclet (NativeAOT's "unwind block",
    // read by UnixNativeCodeManager): a flags byte, then for funclets a relative
    // pointer to the main function's blob and the funclet's distance from the
    // main function's start; for main functions optional relative pointers to
    // associated data and to the EH clauses, then the GC info.
    internal unsafe struct UnwindBlock
    {
        private const byte KindMask = 0x03;
        private const byte HasEHInfoFlag = 0x04;
        private const byte HasAssociatedDataFlag = 0x10;

        public FunctionKind Kind;
        public ulong MethodStart;       // start of the main function, even for a funclet
        public byte* MainBlock;
        public byte* EHInfo;            // null when the method has no EH clauses
        public byte* AssociatedData;
        public byte* GCInfo;            // what a precise collector decodes next

        public bool IsFunclet => Kind != FunctionKind.Root;

        // lsda: the FDE's LSDA; codeStart: the FDE's first address.
        public static bool TryDecode(byte* lsda, ulong codeStart, out UnwindBlock block)
        {
            block = default;
            if (lsda == null) return false;
            byte flags = lsda[0];
            block.Kind = (FunctionKind)(flags & KindMask);
            if ((byte)block.Kind > (byte)FunctionKind.Filter) return false;

            byte* main = lsda;
            block.MethodStart = codeStart;
            if (block.IsFunclet)
            {
                byte* p = lsda + 1;
                main = p + *(int*)p;
                block.MethodStart = codeStart - (ulong)(long)*(int*)(p + 4);
                if ((main[0] & KindMask) != (byte)FunctionKind.Root) return false;
            }
            block.MainBlock = main;

            byte mainFlags = main[0];
            byte* q = main + 1;
            if ((mainFlags & HasAssociatedDataFlag) != 0)
            {
                block.AssociatedData = q + *(int*)q;
                q += 4;
            }
            if ((mainFlags & HasEHInfoFlag) != 0)
            {
                block.EHInfo = q + *(int*)q;
                q += 4;
            }
            block.GCInfo = q;
            return true;
        }
    }
}
