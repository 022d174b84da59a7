using System;
using Zos.Hal.Apic;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The Multiple APIC Description Table, signature "APIC" (ACPI 6.5,
    // 5.2.12): the local APIC address and flags, then variable-length entries
    // {type u8, length u8, ...}. Entry types Zos does not use are stepped over
    // by their length, and entries longer than their known layout are accepted
    // (later revisions append fields); a length that is too short or runs past
    // the table is an error, so a corrupt table can neither loop nor misread.
    public sealed class MadtTable
    {
        public const string SignatureText = "APIC";
        private const int EntriesOffset = 44;
        private const uint PcatCompatFlag = 1;

        private const byte ProcessorLocalApicType = 0;
        private const byte IoApicType = 1;
        private const byte InterruptOverrideType = 2;
        private const byte NmiSourceType = 3;
        private const byte LocalApicNmiType = 4;
        private const byte LocalApicAddressOverrideType = 5;
        private const byte ProcessorLocalX2ApicType = 9;
        private const byte LocalX2ApicNmiType = 10;

        private MadtTable(SystemTableHeader header, uint localApicAddress, uint flags, int[] counts)
        {
            Header = header;
            LocalApicAddress = localApicAddress;
            Flags = flags;
            Processors = new MadtProcessor[counts[ProcessorLocalApicType] + counts[ProcessorLocalX2ApicType]];
            IoApics = new MadtIoApic[counts[IoApicType]];
            Overrides = new MadtInterruptOverride[counts[InterruptOverrideType]];
            NmiSources = new MadtNmiSource[counts[NmiSourceType]];
            LocalApicNmis = new MadtLocalApicNmi[counts[LocalApicNmiType] + counts[LocalX2ApicNmiType]];
        }

        public SystemTableHeader Header { get; }
        // The 64-bit override (entry type 5) when present, else the header's 32-bit field.
        public ulong LocalApicAddress { get; private set; }
        public bool HasLocalApicAddressOverride { get; private set; }
        public uint Flags { get; }
        // The system also has dual 8259 PICs, which must be masked before using the I/O APICs.
        public bool PcatCompatible => (Flags & PcatCompatFlag) != 0;

        // In table order; x2APIC entries are mixed in with IsX2Apic set.
        public MadtProcessor[] Processors { get; }
        public MadtIoApic[] IoApics { get; }
        public MadtInterruptOverride[] Overrides { get; }
        public MadtNmiSource[] NmiSources { get; }
        public MadtLocalApicNmi[] LocalApicNmis { get; }
        // Entries of types not listed above (SAPIC, GIC, wakeup, ...).
        public int SkippedEntries { get; private set; }

        // Where ISA IRQ irq arrives: its override if there is one, else the
        // identity mapping ACPI guarantees (GSI = IRQ); bus defaults resolved
        // to ISA's active high, edge triggered.
        public IsaIrqRoute RouteIsaIrq(byte irq)
        {
            for (int i = 0; i < Overrides.Length; i++)
            {
                MadtInterruptOverride entry = Overrides[i];
                if (entry.Bus != MadtInterruptOverride.IsaBus || entry.Source != irq) continue;
                return new IsaIrqRoute(entry.Gsi,
                    entry.Flags.Polarity == InterruptPolarity.ActiveLow ? IrqPolarity.ActiveLow : IrqPolarity.ActiveHigh,
                    entry.Flags.Trigger == InterruptTrigger.Level ? IrqTrigger.Level : IrqTrigger.Edge);
            }
            return IsaIrqRoute.Identity(irq);
        }

        public static bool TryLoad(PhysicalMemory memory, ulong address, out MadtTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, SignatureText, out SystemTableHeader header, out ReadOnlySpan<byte> table, out error)) return false;
            return TryParse(header, table, out result, out error);
        }

        private static bool TryParse(SystemTableHeader header, ReadOnlySpan<byte> table, out MadtTable result, out string error)
        {
            result = null;
            if (table.Length < EntriesOffset)
            {
                error = "MADT is " + table.Length.ToString() + " bytes, shorter than its 44-byte fixed part";
                return false;
            }
            var counts = new int[256];
            if (!TryCountEntries(table, counts, out error)) return false;

            var madt = new MadtTable(header, AcpiBytes.U32(table, 36), AcpiBytes.U32(table, 40), counts);
            int processors = 0, ioApics = 0, overrides = 0, nmiSources = 0, localNmis = 0;
            for (int offset = EntriesOffset; offset < table.Length; offset += table[offset + 1])
            {
                var entry = table.Slice(offset, table[offset + 1]);
                switch (entry[0])
                {
                    case ProcessorLocalApicType:
                        madt.Processors[processors++] = new MadtProcessor(entry[3], entry[2], AcpiBytes.U32(entry, 4), false);
                        break;
                    case ProcessorLocalX2ApicType:
                        madt.Processors[processors++] = new MadtProcessor(AcpiBytes.U32(entry, 4), AcpiBytes.U32(entry, 12), AcpiBytes.U32(entry, 8), true);
                        break;
                    case IoApicType:
                        madt.IoApics[ioApics++] = new MadtIoApic(entry[2], AcpiBytes.U32(entry, 4), AcpiBytes.U32(entry, 8));
                        break;
                    case InterruptOverrideType:
                        madt.Overrides[overrides++] = new MadtInterruptOverride(entry[2], entry[3], AcpiBytes.U32(entry, 4), InterruptFlags.FromMps(AcpiBytes.U16(entry, 8)));
                        break;
                    case NmiSourceType:
                        madt.NmiSources[nmiSources++] = new MadtNmiSource(AcpiBytes.U32(entry, 4), InterruptFlags.FromMps(AcpiBytes.U16(entry, 2)));
                        break;
                    case LocalApicNmiType:
                        madt.LocalApicNmis[localNmis++] = new MadtLocalApicNmi(entry[2], entry[2] == 0xFF, entry[5], InterruptFlags.FromMps(AcpiBytes.U16(entry, 3)), false);
                        break;
                    case LocalX2ApicNmiType:
                        uint uid = AcpiBytes.U32(entry, 4);
                        madt.LocalApicNmis[localNmis++] = new MadtLocalApicNmi(uid, uid == 0xFFFFFFFF, entry[8], InterruptFlags.FromMps(AcpiBytes.U16(entry, 2)), true);
                        break;
                    case LocalApicAddressOverrideType:
                        madt.LocalApicAddress = AcpiBytes.U64(entry, 4);
                        madt.HasLocalApicAddressOverride = true;
                        break;
                    default:
                        madt.SkippedEntries++;
                        break;
                }
            }
            result = madt;
            error = null;
            return true;
        }

        // Checks every entry's length before anything is read, and counts the
        // entries of each type so that their arrays are allocated once.
        private static bool TryCountEntries(ReadOnlySpan<byte> table, int[] counts, out string error)
        {
            int offset = EntriesOffset;
            while (offset < table.Length)
            {
                int left = table.Length - offset;
                if (left < 2)
                {
                    error = "MADT has " + left.ToString() + " stray byte at offset " + AcpiBytes.Hex((ulong)offset) + ", too few for an entry header";
                    return false;
                }
                byte type = table[offset];
                int length = table[offset + 1];
                string entry = "MADT entry of type " + type.ToString() + " at offset " + AcpiBytes.Hex((ulong)offset);
                if (length < 2)
                {
                    error = entry + " has length " + length.ToString() + ", less than its 2-byte header";
                    return false;
                }
                if (length > left)
                {
                    error = entry + " runs past the end of the table (length " + length.ToString() + ", " + left.ToString() + " bytes left)";
                    return false;
                }
                int needed = MinimumLength(type);
                if (length < needed)
                {
                    error = entry + " has length " + length.ToString() + ", too short for its fields (at least " + needed.ToString() + ")";
                    return false;
                }
                counts[type]++;
                offset += length;
            }
            error = null;
            return true;
        }

        // Lengths of the entry layouts in ACPI 6.5 table 5.21 onwards; 2 (the header) for types Zos skips.
        private static int MinimumLength(byte type)
        {
            switch (type)
            {
                case ProcessorLocalApicType: return 8;
                case IoApicType: return 12;
                case InterruptOverrideType: return 10;
                case NmiSourceType: return 8;
                case LocalApicNmiType: return 6;
                case LocalApicAddressOverrideType: return 12;
                case ProcessorLocalX2ApicType: return 16;
                case LocalX2ApicNmiType: return 12;
                default: return 2;
            }
        }
    }
}
