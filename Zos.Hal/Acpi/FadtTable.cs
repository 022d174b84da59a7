using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The Fixed ACPI Description Table ("FACP"), for what the clock needs: the
    // ACPI power-management timer (ACPI 6.5, 5.2.9 and 4.8.3.3), a free-running
    // 3.579545 MHz counter in I/O space, 24 bits wide unless TMR_VAL_EXT says 32.
    public sealed class FadtTable
    {
        public const string SignatureText = "FACP";
        public const uint PmTimerHz = 3_579_545;
        // ACPI 1.0's FADT ends at 116 bytes; X_PM_TMR_BLK (ACPI 2.0+) is at 208.
        private const int Acpi1Length = 116, PmTimerBlockAt = 76, PmTimerLengthAt = 91, FlagsAt = 112, ExtendedPmTimerAt = 208;
        private const uint TimerValueExtended = 1u << 8;

        private FadtTable(ReadOnlySpan<byte> table)
        {
            uint port = AcpiBytes.U32(table, PmTimerBlockAt);
            if (table.Length >= ExtendedPmTimerAt + GenericAddress.Size)
            {
                GenericAddress extended = GenericAddress.Read(table, ExtendedPmTimerAt);
                if (extended.Address != 0 && extended.Space == AddressSpace.SystemIo && extended.Address <= ushort.MaxValue) port = (uint)extended.Address;
            }
            bool present = table[PmTimerLengthAt] == 4 && port != 0 && port <= ushort.MaxValue - 3;
            PmTimerPort = present ? (ushort)port : (ushort)0;
            PmTimerBits = (AcpiBytes.U32(table, FlagsAt) & TimerValueExtended) != 0 ? 32 : 24;
        }

        // The timer's I/O port, 0 when the machine has none.
        public ushort PmTimerPort { get; }
        public int PmTimerBits { get; }

        public static bool TryLoad(PhysicalMemory memory, ulong address, out FadtTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, SignatureText, out _, out ReadOnlySpan<byte> table, out error)) return false;
            if (table.Length < Acpi1Length)
            {
                error = "FADT is " + table.Length.ToString() + " bytes, shorter than ACPI 1.0's " + Acpi1Length.ToString();
                return false;
            }
            result = new FadtTable(table);
            return true;
        }
    }
}
