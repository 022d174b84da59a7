namespace Zos.Kernel.KeyValue
{
    // Where a key's live record is: in the frame starting at FrameSector, Offset
    // bytes from the frame's start, Length bytes long, checked against Sequence.
    public struct RecordLocation
    {
        public ulong FrameSector;
        public int Offset;
        public int Length;
        public ulong Sequence;
    }
}
