using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace System
{
    // Layout known to ilc: a length followed by the first UTF-16 code unit; the
    // allocator adds room for the rest and a terminating zero.
    public sealed class String : IEquatable<string>
    {
        private readonly int _stringLength;
        private char _firstChar;

        public static readonly string Empty = "";

        public int Length => _stringLength;

        [IndexerName("Chars")]
        public char this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_stringLength) ThrowHelper.ThrowIndexOutOfRange();
                return Unsafe.Add(ref _firstChar, index);
            }
        }

        // ilc turns `new string(...)` into a call to the matching static Ctor.
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern unsafe String(char* value, int startIndex, int length);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char[] value, int startIndex, int length);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(char c, int count);
        [MethodImpl(MethodImplOptions.InternalCall)]
        public extern String(ReadOnlySpan<char> value);

        private static unsafe string Ctor(char* value, int startIndex, int length)
        {
            if (length < 0 || startIndex < 0) ThrowHelper.ThrowArgumentOutOfRange();
            return FromSpan(new ReadOnlySpan<char>(value + startIndex, length));
        }

        private static string Ctor(char[] value) => value is null ? Empty : FromSpan(new ReadOnlySpan<char>(value));

        private static string Ctor(char[] value, int startIndex, int length) =>
            FromSpan(new ReadOnlySpan<char>(value, startIndex, length));

        private static string Ctor(char c, int count)
        {
            if (count < 0) ThrowHelper.ThrowArgumentOutOfRange();
            string result = FastAllocateString(count);
            for (int i = 0; i < count; i++) Unsafe.Add(ref result._firstChar, i) = c;
            return result;
        }

        private static string Ctor(ReadOnlySpan<char> value) => FromSpan(value);

        internal static unsafe string FastAllocateString(int length)
        {
            if (length == 0) return Empty;
            return Unsafe.As<string>(Zos.Runtime.ObjectAllocator.AllocateArray(Empty.m_pEEType, length));
        }

        internal static string FromSpan(ReadOnlySpan<char> value)
        {
            string result = FastAllocateString(value.Length);
            for (int i = 0; i < value.Length; i++) Unsafe.Add(ref result._firstChar, i) = value[i];
            return result;
        }

        internal static string FromChar(char c)
        {
            string result = FastAllocateString(1);
            result._firstChar = c;
            return result;
        }

        public ref readonly char GetPinnableReference() => ref _firstChar;

        public static implicit operator ReadOnlySpan<char>(string value) =>
            value is null ? default : new ReadOnlySpan<char>(ref value._firstChar, value._stringLength);

        public static bool IsNullOrEmpty(string value) => value is null || value._stringLength == 0;

        public static bool IsNullOrWhiteSpace(string value)
        {
            if (value is null) return true;
            for (int i = 0; i < value._stringLength; i++)
                if (!char.IsWhiteSpace(value[i])) return false;
            return true;
        }

        public static bool Equals(string a, string b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a is null || b is null || a._stringLength != b._stringLength) return false;
            for (int i = 0; i < a._stringLength; i++)
                if (a[i] != b[i]) return false;
            return true;
        }

        public bool Equals(string value) => Equals(this, value);

        public override bool Equals(object obj) => obj is string s && Equals(this, s);

        public static bool operator ==(string a, string b) => Equals(a, b);

        public static bool operator !=(string a, string b) => !Equals(a, b);

        // FNV-1a: stable across boots, which diagnostics may rely on.
        public override int GetHashCode()
        {
            uint hash = 2166136261;
            for (int i = 0; i < _stringLength; i++) hash = (hash ^ this[i]) * 16777619;
            return (int)hash;
        }

        public override string ToString() => this;

        public static string Concat(string str0, string str1) => Concat(str0, str1, null, null);

        public static string Concat(string str0, string str1, string str2) => Concat(str0, str1, str2, null);

        public static string Concat(string str0, string str1, string str2, string str3)
        {
            int length = (str0?.Length ?? 0) + (str1?.Length ?? 0) + (str2?.Length ?? 0) + (str3?.Length ?? 0);
            string result = FastAllocateString(length);
            int at = 0;
            at = CopyInto(result, at, str0);
            at = CopyInto(result, at, str1);
            at = CopyInto(result, at, str2);
            CopyInto(result, at, str3);
            return result;
        }

        public static string Concat(params string[] values)
        {
            int length = 0;
            for (int i = 0; i < values.Length; i++) length += values[i]?.Length ?? 0;
            string result = FastAllocateString(length);
            int at = 0;
            for (int i = 0; i < values.Length; i++) at = CopyInto(result, at, values[i]);
            return result;
        }

        public static string Concat(object arg0, object arg1) => Concat(arg0?.ToString(), arg1?.ToString());

        public static string Concat(object arg0, object arg1, object arg2) =>
            Concat(arg0?.ToString(), arg1?.ToString(), arg2?.ToString());

        private static int CopyInto(string destination, int at, string source)
        {
            if (source is null) return at;
            for (int i = 0; i < source._stringLength; i++) Unsafe.Add(ref destination._firstChar, at + i) = source[i];
            return at + source._stringLength;
        }

        public string Substring(int startIndex) => Substring(startIndex, _stringLength - startIndex);

        public string Substring(int startIndex, int length)
        {
            if ((uint)startIndex > (uint)_stringLength || (uint)length > (uint)(_stringLength - startIndex))
                ThrowHelper.ThrowArgumentOutOfRange();
            if (startIndex == 0 && length == _stringLength) return this;
            return FromSpan(this.AsSpan(startIndex, length));
        }

        public int IndexOf(char value)
        {
            for (int i = 0; i < _stringLength; i++)
                if (this[i] == value) return i;
            return -1;
        }

        public bool Contains(char value) => IndexOf(value) >= 0;

        public bool StartsWith(string value)
        {
            if (value is null) ThrowHelper.ThrowArgumentNull();
            if (value._stringLength > _stringLength) return false;
            for (int i = 0; i < value._stringLength; i++)
                if (this[i] != value[i]) return false;
            return true;
        }

        public string Trim()
        {
            int start = 0, end = _stringLength;
            while (start < end && char.IsWhiteSpace(this[start])) start++;
            while (end > start && char.IsWhiteSpace(this[end - 1])) end--;
            return Substring(start, end - start);
        }

        public string ToLowerInvariant()
        {
            string result = FastAllocateString(_stringLength);
            for (int i = 0; i < _stringLength; i++) Unsafe.Add(ref result._firstChar, i) = char.ToLowerInvariant(this[i]);
            return result;
        }

        public string Replace(char oldChar, char newChar)
        {
            if (IndexOf(oldChar) < 0) return this;
            string result = FastAllocateString(_stringLength);
            for (int i = 0; i < _stringLength; i++)
            {
                char c = this[i];
                Unsafe.Add(ref result._firstChar, i) = c == oldChar ? newChar : c;
            }
            return result;
        }

        public string PadLeft(int totalWidth) => PadLeft(totalWidth, ' ');

        public string PadLeft(int totalWidth, char paddingChar) =>
            totalWidth <= _stringLength ? this : Concat(new string(paddingChar, totalWidth - _stringLength), this);

        public string PadRight(int totalWidth) => PadRight(totalWidth, ' ');

        public string PadRight(int totalWidth, char paddingChar) =>
            totalWidth <= _stringLength ? this : Concat(this, new string(paddingChar, totalWidth - _stringLength));
    }
}
