using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The table of table addresses (ACPI 6.5, 5.2.7 and 5.2.8): the RSDT holds
    // 32-bit entries, the XSDT 64-bit ones. The XSDT is preferred when the
    // RSDP names one and it is valid; a bad XSDT falls back to the RSDT, with
    // the reason kept for diagnostics.
    public sealed class RootTable
    {
        private RootTable(SystemTableHeader header, ulong[] entries, string xsdtRejection)
        {
            Header = header;
            Entries = entries;
            XsdtRejection = xsdtRejection;
        }

        public SystemTableHeader Header { get; }
        public string Signature => Header.Signature;
        // Physical addresses of the other tables, in table order.
        public ulong[] Entries { get; }
        // Why the XSDT was not used although the RSDP names one; null otherwise.
        public string XsdtRejection { get; }

        public static bool TryLoad(PhysicalMemory memory, RootPointer rsdp, out RootTable result, out string error)
        {
            result = null;
            string xsdtRejection = null;
            if (rsdp.HasExtendedFields && rsdp.XsdtAddress != 0)
            {
                if (TryLoad(memory, rsdp.XsdtAddress, "XSDT", 8, null, out result, out error)) return true;
                xsdtRejection = error;
            }
            if (rsdp.RsdtAddress == 0)
            {
                error = xsdtRejection is null ? "the RSDP gives no RSDT address" : "the RSDP gives no RSDT address, and " + xsdtRejection;
                return false;
            }
            if (TryLoad(memory, rsdp.RsdtAddress, "RSDT", 4, xsdtRejection, out result, out error)) return true;
            if (xsdtRejection is not null) error = error + "; and " + xsdtRejection;
            return false;
        }

        private static bool TryLoad(PhysicalMemory memory, ulong address, string signature, int entrySize, string xsdtRejection, out RootTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, signature, out SystemTableHeader header, out ReadOnlySpan<byte> table, out error)) return false;
            int entryBytes = table.Length - SystemTableHeader.Size;
            if (entryBytes % entrySize != 0)
            {
                error = signature + " at " + AcpiBytes.Hex(address) + " has " + entryBytes.ToString() + " bytes of entries, not a multiple of " + entrySize.ToString();
                return false;
            }
            var entries = new ulong[entryBytes / entrySize];
            for (int i = 0; i < entries.Length; i++)
            {
                int offset = SystemTableHeader.Size + i * entrySize;
                entries[i] = entrySize == 8 ? AcpiBytes.U64(table, offset) : AcpiBytes.U32(table, offset);
            }
            result = new RootTable(header, entries, xsdtRejection);
            return true;
        }
    }
}
