using System;

namespace Zos.Drivers.Nvme
{
    // Fields of identify data as text.
    public static class IdentifyText
    {
        // NVMe strings are ASCII, left-justified and padded with spaces (1.4,
        // 1.5): trimmed; unprintable bytes show as '?'.
        public static string Ascii(ReadOnlySpan<byte> data, int offset, int bytes)
        {
            int length = bytes;
            while (length > 0 && (data[offset + length - 1] == ' ' || data[offset + length - 1] == 0)) length--;
            int start = 0;
            while (start < length && data[offset + start] == ' ') start++;
            var chars = new char[length - start];
            for (int i = 0; i < chars.Length; i++)
            {
                byte b = data[offset + start + i];
                chars[i] = b >= 0x20 && b < 0x7F ? (char)b : '?';
            }
            return new string(chars);
        }

        public static bool AllZero(ReadOnlySpan<byte> data)
        {
            for (int i = 0; i < data.Length; i++)
                if (data[i] != 0) return false;
            return true;
        }
    }
}
