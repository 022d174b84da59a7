namespace Zos.Runtime.Unwinding
{
    // The .eh_frame_hdr section ld builds (--eh-frame-hdr): a table of
    // (function start, FDE address) pairs sorted by start, searched by binary
    // search so that finding a frame's unwind data costs O(log n).
    internal unsafe struct EhFrameHeader
    {
        // version 1, then the encodings of eh_frame_ptr, fde_count and table entries.
        private const byte SupportedVersion = 1;
        private const byte DataRelativeSData4 = 0x3b;
        private const byte UData4 = 0x03;

        private readonly byte* _header;
        private readonly byte* _table;
        private readonly uint _count;

        public EhFrameHeader(byte* header, byte* table, uint count)
        {
            _header = header;
            _table = table;
            _count = count;
        }

        public uint Count => _count;

        // Validates the header; only the layout ld writes for x86-64 is accepted.
        public static bool TryOpen(byte* header, out EhFrameHeader result)
        {
            result = default;
            if (header == null || header[0] != SupportedVersion) return false;
            var reader = new DwarfReader(header + 4);
            if (!reader.TryReadEncodedPointer(header[1], (ulong)header, out _)) return false;
            if (header[2] != UData4 || header[3] != DataRelativeSData4) return false;
            uint count = reader.ReadU32();
            result = new EhFrameHeader(header, reader.Position, count);
            return true;
        }

        public ulong StartAt(uint index) => (ulong)((long)_header + *(int*)(_table + index * 8));

        public byte* FdeAt(uint index) => _header + *(int*)(_table + index * 8 + 4);

        // The FDE of the last function starting at or before pc (null if none);
        // the caller checks that pc is inside its range.
        public byte* FindCandidate(ulong pc)
        {
            if (_count == 0 || pc < StartAt(0)) return null;
            uint low = 0, high = _count - 1;
            while (low < high)
            {
                uint middle = low + (high - low + 1) / 2;
                if (StartAt(middle) <= pc) low = middle; else high = middle - 1;
            }
            return FdeAt(low);
        }
    }
}
