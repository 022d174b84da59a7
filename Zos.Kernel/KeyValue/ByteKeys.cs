using System;

namespace Zos.Kernel.KeyValue
{
    // Keys are byte strings ordered as unsigned bytes, a shorter key before
    // the longer keys it begins (memcmp order, as LevelDB and LMDB order them).
    public static class ByteKeys
    {
        public static int Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            int common = Math.Min(a.Length, b.Length);
            for (int i = 0; i < common; i++)
                if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
            return a.Length == b.Length ? 0 : a.Length < b.Length ? -1 : 1;
        }

        public static bool StartsWith(ReadOnlySpan<byte> key, ReadOnlySpan<byte> prefix) =>
            key.Length >= prefix.Length && Compare(key.Slice(0, prefix.Length), prefix) == 0;

        // The text's characters as bytes, or null when one is not ASCII.
        public static byte[] FromAscii(string text)
        {
            var bytes = new byte[text.Length];
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] > 0x7F) return null;
                bytes[i] = (byte)text[i];
            }
            return bytes;
        }

        // A key (or value) in a message: printable ASCII as it is, anything
        // else (and the backslash) as \xNN; past maxBytes, "...".
        public static string Describe(ReadOnlySpan<byte> key, int maxBytes = 64)
        {
            const string Hex = "0123456789ABCDEF";
            int shown = Math.Min(key.Length, maxBytes);
            var text = new char[shown * 4 + 3];
            int length = 0;
            for (int i = 0; i < shown; i++)
            {
                byte b = key[i];
                if (b >= 0x20 && b < 0x7F && b != '\\') { text[length++] = (char)b; continue; }
                text[length++] = '\\';
                text[length++] = 'x';
                text[length++] = Hex[b >> 4];
                text[length++] = Hex[b & 15];
            }
            if (shown < key.Length) { text[length++] = '.'; text[length++] = '.'; text[length++] = '.'; }
            return new string(text, 0, length);
        }
    }
}
