namespace System.Runtime.CompilerServices
{
    // What C# string interpolation compiles to. Values are formatted with their
    // ToString, or IFormattable.ToString when the hole carries a format ("{x:X8}").
    [InterpolatedStringHandler]
    public ref struct DefaultInterpolatedStringHandler
    {
        private char[] _buffer;
        private int _length;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _buffer = new char[literalLength + formattedCount * 11 + 8];
            _length = 0;
        }

        public void AppendLiteral(string value) => Append(value);

        public void AppendFormatted<T>(T value)
        {
            if (value is not null) Append(value.ToString());
        }

        public void AppendFormatted<T>(T value, string format)
        {
            if (value is IFormattable formattable) Append(formattable.ToString(format, null));
            else if (value is not null) Append(value.ToString());
        }

        public void AppendFormatted<T>(T value, int alignment) => AppendAligned(value?.ToString(), alignment);

        public void AppendFormatted<T>(T value, int alignment, string format)
        {
            string text = value is IFormattable formattable ? formattable.ToString(format, null) : value?.ToString();
            AppendAligned(text, alignment);
        }

        public void AppendFormatted(string value) => Append(value);

        public void AppendFormatted(ReadOnlySpan<char> value)
        {
            Grow(value.Length);
            value.CopyTo(new Span<char>(_buffer, _length, value.Length));
            _length += value.Length;
        }

        public override string ToString() => new string(_buffer, 0, _length);

        public string ToStringAndClear()
        {
            string result = ToString();
            _buffer = null;
            _length = 0;
            return result;
        }

        // Positive alignment pads on the left, negative on the right, as String.Format does.
        private void AppendAligned(string text, int alignment)
        {
            text ??= "";
            int padding = (alignment < 0 ? -alignment : alignment) - text.Length;
            if (alignment > 0) AppendSpaces(padding);
            Append(text);
            if (alignment < 0) AppendSpaces(padding);
        }

        private void AppendSpaces(int count)
        {
            for (int i = 0; i < count; i++) Append(" ");
        }

        private void Append(string value)
        {
            if (value is null) return;
            AppendFormatted(value.AsSpan());
        }

        private void Grow(int extra)
        {
            if (_length + extra <= _buffer.Length) return;
            int size = _buffer.Length * 2;
            if (size < _length + extra) size = _length + extra;
            char[] larger = new char[size];
            new ReadOnlySpan<char>(_buffer, 0, _length).CopyTo(larger);
            _buffer = larger;
        }
    }
}
