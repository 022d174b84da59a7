using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The HPET description table (IA-PC HPET specification 1.0a, 3.2.4): the
    // event timer block's hardware id, its register address, its sequence
    // number and the smallest periodic tick the platform supports.
    public sealed class HpetTable
    {
        public const string SignatureText = "HPET";
        private const int Length = 56;

        private HpetTable(SystemTableHeader header, ReadOnlySpan<byte> table)
        {
            Header = header;
            HardwareId = AcpiBytes.U32(table, 36);
            BaseAddress = GenericAddress.Read(table, 40);
            Number = table[52];
            MinimumTick = AcpiBytes.U16(table, 53);
            PageProtection = table[55];
        }

        public SystemTableHeader Header { get; }
        // Event Timer Block ID: a copy of the low half of the HPET's capabilities register.
        public uint HardwareId { get; }
        public GenericAddress BaseAddress { get; }
        public byte Number { get; }
        // In main counter ticks: periodic interrupts faster than this are not guaranteed.
        public ushort MinimumTick { get; }
        public byte PageProtection { get; }

        public byte HardwareRevision => (byte)HardwareId;
        // The field holds the last comparator's index, hence the + 1.
        public int ComparatorCount => (int)((HardwareId >> 8) & 0x1F) + 1;
        public int CounterBits => (HardwareId & (1u << 13)) != 0 ? 64 : 32;
        public bool LegacyReplacementCapable => (HardwareId & (1u << 15)) != 0;
        public ushort PciVendorId => (ushort)(HardwareId >> 16);

        public static bool TryLoad(PhysicalMemory memory, ulong address, out HpetTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, SignatureText, out SystemTableHeader header, out ReadOnlySpan<byte> table, out error)) return false;
            if (table.Length < Length)
            {
                error = "HPET table is " + table.Length.ToString() + " bytes, shorter than its 56-byte layout";
                return false;
            }
            result = new HpetTable(header, table);
            return true;
        }
    }
}
