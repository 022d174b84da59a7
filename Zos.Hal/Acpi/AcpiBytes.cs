using System;
using System.Runtime.InteropServices;

namespace Zos.Hal.Acpi
{
    // Little-endian field reads and the checksum rule shared by every ACPI
    // structure. Callers check bounds before reading.
    internal static class AcpiBytes
    {
        public static ushort U16(ReadOnlySpan<byte> bytes, int offset) => MemoryMarshal.Read<ushort>(bytes.Slice(offset, 2));

        public static uint U32(ReadOnlySpan<byte> bytes, int offset) => MemoryMarshal.Read<uint>(bytes.Slice(offset, 4));

        public static ulong U64(ReadOnlySpan<byte> bytes, int offset) => MemoryMarshal.Read<ulong>(bytes.Slice(offset, 8));

        // ACPI structures are valid when all their bytes sum to zero (mod 256).
        public static bool ChecksumIsZero(ReadOnlySpan<byte> bytes)
        {
            byte sum = 0;
            for (int i = 0; i < bytes.Length; i++) sum += bytes[i];
            return sum == 0;
        }

        // Fixed-width ASCII fields (signatures, OEM ids); trailing spaces and
        // NULs are padding. Bytes outside printable ASCII become '?' so that a
        // corrupt signature still prints as text.
        public static string Text(ReadOnlySpan<byte> bytes, int offset, int length)
        {
            int end = length;
            while (end > 0 && (bytes[offset + end - 1] == ' ' || bytes[offset + end - 1] == 0)) end--;
            return Printable(bytes.Slice(offset, end));
        }

        // A table signature, kept whole (no trimming) so that errors show exactly what was found.
        public static string Signature(ReadOnlySpan<byte> bytes, int offset) => Printable(bytes.Slice(offset, 4));

        private static string Printable(ReadOnlySpan<byte> bytes)
        {
            var chars = new char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++)
                chars[i] = bytes[i] >= 0x20 && bytes[i] < 0x7F ? (char)bytes[i] : '?';
            return new string(chars);
        }

        public static bool Matches(ReadOnlySpan<byte> bytes, int offset, string expected)
        {
            for (int i = 0; i < expected.Length; i++)
                if (bytes[offset + i] != expected[i]) return false;
            return true;
        }

        public static string Hex(ulong value) => "0x" + value.ToString("x");
    }
}
