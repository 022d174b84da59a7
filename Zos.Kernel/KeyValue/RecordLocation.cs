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
        // The value itself, when the store's value cache holds it (read once, or written); null otherwise.
        public byte[] CachedValue;

        public bool SameRecord(RecordLocation other) =>
            FrameSector == other.FrameSector && Offset == other.Offset && Sequence == other.Sequence;
    }
}
