using System;

namespace Zos.Kernel.Diagnostics
{
    // Maps code addresses to method names, for panic reports. The build writes
    // the table (zos.sym, loaded by GRUB as a module) as text lines
    // "<hex address> <name>", sorted by address; a name covers the addresses up
    // to the next entry.
    public sealed class SymbolTable
    {
        private readonly ulong[] _addresses;
        private readonly string[] _names;

        private SymbolTable(ulong[] addresses, string[] names)
        {
            _addresses = addresses;
            _names = names;
        }

        public int Count => _addresses.Length;

        public static SymbolTable Empty { get; } = new SymbolTable(new ulong[0], new string[0]);

        // Malformed lines are skipped; entries out of order are rejected, since lookup bisects.
        public static SymbolTable Parse(ReadOnlySpan<byte> text)
        {
            int lines = 0;
            for (int i = 0; i < text.Length; i++)
                if (text[i] == (byte)'\n') lines++;
            var addresses = new ulong[lines + 1];
            var names = new string[lines + 1];
            int count = 0;
            ulong previous = 0;
            int start = 0;
            while (start < text.Length)
            {
                int end = start;
                while (end < text.Length && text[end] != (byte)'\n') end++;
                if (TryParseLine(text.Slice(start, end - start), out ulong address, out string name) && address >= previous)
                {
                    addresses[count] = address;
                    names[count] = name;
                    previous = address;
                    count++;
                }
                start = end + 1;
            }
            return new SymbolTable(Truncate(addresses, count), Truncate(names, count));
        }

        // The name of the last symbol at or below the address, with the offset into it.
        public bool TryLookup(ulong address, out string name, out ulong offset)
        {
            int low = 0, high = _addresses.Length - 1, found = -1;
            while (low <= high)
            {
                int middle = (low + high) / 2;
                if (_addresses[middle] <= address) { found = middle; low = middle + 1; }
                else high = middle - 1;
            }
            if (found < 0)
            {
                name = null;
                offset = 0;
                return false;
            }
            name = _names[found];
            offset = address - _addresses[found];
            return true;
        }

        public string Describe(ulong address) =>
            TryLookup(address, out string name, out ulong offset) ? name + "+0x" + offset.ToString("x") : "?";

        // For addresses that start something (a type's MethodTable): the bare name.
        public string NameAt(ulong address) =>
            TryLookup(address, out string name, out ulong offset) && offset == 0 ? name : Describe(address);

        private static bool TryParseLine(ReadOnlySpan<byte> line, out ulong address, out string name)
        {
            address = 0;
            name = null;
            int i = 0;
            while (i < line.Length && HexValue(line[i]) >= 0)
            {
                address = (address << 4) | (uint)HexValue(line[i]);
                i++;
            }
            if (i == 0 || i > 16 || i >= line.Length || line[i] != (byte)' ') return false;
            var nameBytes = line.Slice(i + 1);
            if (nameBytes.Length > 0 && nameBytes[nameBytes.Length - 1] == (byte)'\r') nameBytes = nameBytes.Slice(0, nameBytes.Length - 1);
            if (nameBytes.Length == 0) return false;
            var chars = new char[nameBytes.Length];
            for (int c = 0; c < chars.Length; c++) chars[c] = (char)nameBytes[c];
            name = new string(chars);
            return true;
        }

        private static int HexValue(byte c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        private static T[] Truncate<T>(T[] items, int count)
        {
            var result = new T[count];
            Array.Copy(items, result, count);
            return result;
        }
    }
}
