using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The Fixed ACPI Description Table ("FACP"), for what the clock needs: the
    // ACPI power-management timer (ACPI 6.5, 5.2.9 and 4.8.3.3), a free-running
    // 3.579545 MHz counter in I/O space, 24 bits wide unless TMR_VAL_EXT says 32;
    // and for the platform devices: the IA-PC boot architecture flags (5.2.9.3),
    // which say whether the machine has an 8042 keyboard controller.
    public sealed class FadtTable
    {
        public const string SignatureText = "FACP";
        public const uint PmTimerHz = 3_579_545;
        // ACPI 1.0's FADT ends at 116 bytes; X_PM_TMR_BLK (ACPI 2.0+) is at 208.
        private const int Acpi1Length = 116, PmTimerBlockAt = 76, PmTimerLengthAt = 91, FlagsAt = 112, ExtendedPmTimerAt = 208;
        private const uint TimerValueExtended = 1u << 8;
        // IAPC_BOOT_ARCH is at 109 from ACPI 2.0 (FADT revision 3); ACPI 1.0 reserved those bytes.
        private const int BootArchitectureAt = 109;
        public const byte FirstRevisionWithBootArchitecture = 3;
        // ACPI 6.5, Table 5.11: bit 1, "8042".
        public const ushort I8042Flag = 1 << 1;

        private FadtTable(byte revision, ReadOnlySpan<byte> table)
        {
            Revision = revision;
            HasBootArchitectureFlags = revision >= FirstRevisionWithBootArchitecture;
            BootArchitectureFlags = HasBootArchitectureFlags ? AcpiBytes.U16(table, BootArchitectureAt) : (ushort)0;
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
        // The table's revision (1: ACPI 1.0; 3 and up: ACPI 2.0 and later).
        public byte Revision { get; }
        // Whether the table has IAPC_BOOT_ARCH at all (revision 3 and later).
        public bool HasBootArchitectureFlags { get; }
        // IAPC_BOOT_ARCH; 0 when the table is too old to have it.
        public ushort BootArchitectureFlags { get; }

        public static bool TryLoad(PhysicalMemory memory, ulong address, out FadtTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, SignatureText, out SystemTableHeader header, out ReadOnlySpan<byte> table, out error)) return false;
            if (table.Length < Acpi1Length)
            {
                error = "FADT is " + table.Length.ToString() + " bytes, shorter than ACPI 1.0's " + Acpi1Length.ToString();
                return false;
            }
            result = new FadtTable(header.Revision, table);
            return true;
        }
    }
}
