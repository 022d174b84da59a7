namespace Zos.Runtime.Unwinding
{
    // Walks ilc's compact EH clause list (CorInfoImpl.RyuJit EncodeEHInfo):
    // a clause count, then per clause the try start, (try length << 2 | kind),
    // the handler offset, and for Typed a 32-bit relative pointer to the catch
    // type or for Filter the filter funclet's offset. Clauses come innermost first.
    internal unsafe struct EHClauseReader
    {
        private byte* _position;
        private uint _remaining;

        public EHClauseReader(byte* ehInfo)
        {
            _position = ehInfo;
            _remaining = ReadCompressed(ref _position);
        }

        public uint Count => _remaining;

        public bool TryNext(out EHClause clause)
        {
            clause = default;
            if (_remaining == 0) return false;
            _remaining--;
            clause.TryStart = ReadCompressed(ref _position);
            uint lengthAndKind = ReadCompressed(ref _position);
            clause.Kind = (EHClauseKind)(lengthAndKind & 3);
            clause.TryEnd = clause.TryStart + (lengthAndKind >> 2);
            clause.HandlerOffset = ReadCompressed(ref _position);
            switch (clause.Kind)
            {
                case EHClauseKind.Typed:
                    clause.CatchType = _position + *(int*)_position;
                    _position += 4;
                    break;
                case EHClauseKind.Filter:
                    clause.FilterOffset = ReadCompressed(ref _position);
                    break;
                case EHClauseKind.Fault:
                    break;
                default:
                    return false;
            }
            return true;
        }

        // NativeAOT's variable-length unsigned integer: the count of low one-bits
        // in the first byte says how many bytes follow (0 -> 7 bits, 1 -> 14, ...).
        public static uint ReadCompressed(ref byte* p)
        {
            uint first = p[0];
            uint value;
            if ((first & 1) == 0) { value = first >> 1; p += 1; }
            else if ((first & 2) == 0) { value = (first >> 2) | (uint)p[1] << 6; p += 2; }
            else if ((first & 4) == 0) { value = (first >> 3) | (uint)p[1] << 5 | (uint)p[2] << 13; p += 3; }
            else if ((first & 8) == 0) { value = (first >> 4) | (uint)p[1] << 4 | (uint)p[2] << 12 | (uint)p[3] << 20; p += 4; }
            else { value = (uint)(p[1] | p[2] << 8 | p[3] << 16 | p[4] << 24); p += 5; }
            return value;
        }
    }
}
