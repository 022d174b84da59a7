using System;

namespace Zos.Kernel.Diagnostics
{
    // Builds a text report in a buffer allocated up front, so that a panic can
    // be reported even when the heap is exhausted or corrupt. Text past the
    // buffer's end is dropped, never written out of bounds.
    public sealed class ReportWriter
    {
        private readonly char[] _buffer;
        private int _length;

        public ReportWriter(int capacity)
        {
            _buffer = new char[capacity];
        }

        public int Length => _length;

        public char this[int index] => _buffer[index];

        public ReadOnlySpan<char> Written => new ReadOnlySpan<char>(_buffer, 0, _length);

        public void Clear() => _length = 0;

        public ReportWriter Text(string text) => text is null ? this : Text(text.AsSpan());

        public ReportWriter Text(ReadOnlySpan<char> text)
        {
            for (int i = 0; i < text.Length; i++) Char(text[i]);
            return this;
        }

        public ReportWriter Char(char c)
        {
            if (_length < _buffer.Length) _buffer[_length++] = c;
            return this;
        }

        public ReportWriter Hex(ulong value, int digits = 16)
        {
            Text("0x");
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
            {
                int nibble = (int)((value >> shift) & 0xF);
                Char((char)(nibble < 10 ? '0' + nibble : 'a' + nibble - 10));
            }
            return this;
        }

        public ReportWriter Decimal(ulong value)
        {
            ulong divisor = 1;
            while (value / divisor >= 10) divisor *= 10;
            for (; divisor > 0; divisor /= 10) Char((char)('0' + (int)(value / divisor % 10)));
            return this;
        }

        public ReportWriter Line() => Char('\n');

        public override string ToString() => new string(_buffer, 0, _length);
    }
}
