using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The PCI Express memory-mapped configuration table (PCI Firmware
    // specification 3.2, 4.1.2): 8 reserved bytes after the header, then
    // 16-byte allocations {base u64, segment u16, start bus u8, end bus u8,
    // reserved u32}.
    public sealed class McfgTable
    {
        public const string SignatureText = "MCFG";
        private const int EntriesOffset = 44;
        private const int EntrySize = 16;

        private McfgTable(SystemTableHeader header, PciSegmentGroup[] segments)
        {
            Header = header;
            Segments = segments;
        }

        public SystemTableHeader Header { get; }
        public PciSegmentGroup[] Segments { get; }

        public static bool TryLoad(PhysicalMemory memory, ulong address, out McfgTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, SignatureText, out SystemTableHeader header, out ReadOnlySpan<byte> table, out error)) return false;
            if (table.Length < EntriesOffset || (table.Length - EntriesOffset) % EntrySize != 0)
            {
                error = "MCFG length " + table.Length.ToString() + " is not 44 plus a multiple of 16";
                return false;
            }
            var segments = new PciSegmentGroup[(table.Length - EntriesOffset) / EntrySize];
            for (int i = 0; i < segments.Length; i++)
            {
                var entry = table.Slice(EntriesOffset + i * EntrySize, EntrySize);
                if (entry[11] < entry[10])
                {
                    error = "MCFG allocation " + i.ToString() + " ends at bus " + entry[11].ToString() + ", before its start bus " + entry[10].ToString();
                    return false;
                }
                segments[i] = new PciSegmentGroup(AcpiBytes.U64(entry, 0), AcpiBytes.U16(entry, 8), entry[10], entry[11]);
            }
            result = new McfgTable(header, segments);
            return true;
        }
    }
}
