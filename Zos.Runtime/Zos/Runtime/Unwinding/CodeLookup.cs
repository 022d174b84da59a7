namespace Zos.Runtime.Unwinding
{
    // Finds the unwind and EH data of the code at an address: a binary search in
    // .eh_frame_hdr for the FDE, then ilc's LSDA for the method it belongs to.
    internal unsafe struct CodeLookup
    {
        private readonly EhFrameHeader _header;

        public CodeLookup(EhFrameHeader header) { _header = header; }

        // pc must be an address inside an instruction (for a return address, subtract one).
        public bool TryFind(ulong pc, out FrameDescription frame, out UnwindBlock block)
        {
            block = default;
            frame = default;
            byte* fde = _header.FindCandidate(pc);
            if (fde == null || !FrameDescription.TryParse(fde, out frame) || !frame.Contains(pc)) return false;
            return UnwindBlock.TryDecode(frame.Lsda, frame.PcBegin, out block);
        }
    }
}
