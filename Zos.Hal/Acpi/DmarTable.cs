using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The DMA remapping reporting table (VT-d specification 3.4, 8.1): the
    // host address width, flags, then remapping structures {type u16, length
    // u16, ...}. Zos reads DRHDs (remapping units, 8.3) and RMRRs (reserved
    // regions, 8.4); ATSR, RHSA, ANDD, SATC and later types are stepped over by
    // their length. As in the MADT, lengths are checked before anything is read,
    // so a corrupt table can neither loop nor misread.
    public sealed class DmarTable
    {
        public const string SignatureText = "DMAR";
        private const int StructuresOffset = 48;
        private const int StructureHeaderSize = 4;
        private const int DrhdScopesOffset = 16;
        private const int RmrrScopesOffset = 24;
        private const int ScopeHeaderSize = 6;
        private const ulong PageMask = 4095;

        private const ushort DrhdType = 0;
        private const ushort RmrrType = 1;

        // 8.1 Flags.
        private const byte InterruptRemappingFlag = 1;
        private const byte X2ApicOptOutFlag = 2;
        private const byte DmaControlOptInFlag = 4;

        private DmarTable(SystemTableHeader header, int hostAddressWidth, byte flags, DmarRemappingUnit[] units, DmarReservedRegion[] regions, int skipped)
        {
            Header = header;
            HostAddressWidth = hostAddressWidth;
            Flags = flags;
            Units = units;
            ReservedRegions = regions;
            SkippedStructures = skipped;
        }

        public SystemTableHeader Header { get; }
        // In bits: the table stores the width minus one (QEMU's 38 means 39 bits).
        public int HostAddressWidth { get; }
        public byte Flags { get; }
        public bool InterruptRemapping => (Flags & InterruptRemappingFlag) != 0;
        public bool X2ApicOptOut => (Flags & X2ApicOptOutFlag) != 0;
        public bool DmaControlOptIn => (Flags & DmaControlOptInFlag) != 0;
        // In table order.
        public DmarRemappingUnit[] Units { get; }
        public DmarReservedRegion[] ReservedRegions { get; }
        // Structures of types Zos does not use (ATSR, RHSA, ANDD, SATC, ...).
        public int SkippedStructures { get; }

        public static bool TryLoad(PhysicalMemory memory, ulong address, out DmarTable result, out string error)
        {
            result = null;
            if (!SystemTableHeader.TryLoad(memory, address, SignatureText, out SystemTableHeader header, out ReadOnlySpan<byte> table, out error)) return false;
            return TryParse(header, table, out result, out error);
        }

        private static bool TryParse(SystemTableHeader header, ReadOnlySpan<byte> table, out DmarTable result, out string error)
        {
            result = null;
            if (table.Length < StructuresOffset)
            {
                error = "DMAR is " + table.Length.ToString() + " bytes, shorter than its 48-byte fixed part";
                return false;
            }
            if (!TryCountStructures(table, out int unitCount, out int regionCount, out int skipped, out error)) return false;

            var units = new DmarRemappingUnit[unitCount];
            var regions = new DmarReservedRegion[regionCount];
            int unitIndex = 0, regionIndex = 0;
            for (int offset = StructuresOffset; offset < table.Length; offset += AcpiBytes.U16(table, offset + 2))
            {
                var structure = table.Slice(offset, AcpiBytes.U16(table, offset + 2));
                ushort type = AcpiBytes.U16(structure, 0);
                if (type == DrhdType)
                {
                    if (!TryParseUnit(structure, offset, units, unitIndex, out units[unitIndex], out error)) return false;
                    unitIndex++;
                }
                else if (type == RmrrType)
                {
                    if (!TryParseRegion(structure, offset, out regions[regionIndex], out error)) return false;
                    regionIndex++;
                }
            }
            result = new DmarTable(header, table[36] + 1, table[37], units, regions, skipped);
            error = null;
            return true;
        }

        private static bool TryParseUnit(ReadOnlySpan<byte> structure, int offset, DmarRemappingUnit[] earlier, int earlierCount, out DmarRemappingUnit unit, out string error)
        {
            unit = null;
            string where = "DMAR remapping unit at offset " + AcpiBytes.Hex((ulong)offset);
            ulong registerBase = AcpiBytes.U64(structure, 8);
            ushort segment = AcpiBytes.U16(structure, 6);
            if (registerBase == 0 || (registerBase & PageMask) != 0)
            {
                error = where + " has register base " + AcpiBytes.Hex(registerBase) + ", not a nonzero 4 KiB-aligned address";
                return false;
            }
            for (int i = 0; i < earlierCount; i++)
            {
                if (earlier[i].RegisterBase == registerBase)
                {
                    error = where + " has the register base " + AcpiBytes.Hex(registerBase) + " of remapping unit " + i.ToString();
                    return false;
                }
                // 8.3: the INCLUDE_PCI_ALL unit of a segment is listed after every other unit of that segment.
                if (earlier[i].Segment == segment && earlier[i].IncludesAllPci)
                {
                    error = where + " follows remapping unit " + i.ToString() + ", which includes all PCI devices of segment " + segment.ToString() + " and must come last";
                    return false;
                }
            }
            if (!TryParseScopes(structure, DrhdScopesOffset, where, out DmarDeviceScope[] scopes, out error)) return false;
            unit = new DmarRemappingUnit(structure[4], structure[5], segment, registerBase, scopes);
            return true;
        }

        private static bool TryParseRegion(ReadOnlySpan<byte> structure, int offset, out DmarReservedRegion region, out string error)
        {
            region = null;
            string where = "DMAR reserved region at offset " + AcpiBytes.Hex((ulong)offset);
            ulong baseAddress = AcpiBytes.U64(structure, 8);
            ulong limit = AcpiBytes.U64(structure, 16);
            // 8.4: the base is 4 KiB-aligned and limit + 1 is too, so the region is whole pages.
            if ((baseAddress & PageMask) != 0 || ((limit + 1) & PageMask) != 0 || limit < baseAddress)
            {
                error = where + " spans " + AcpiBytes.Hex(baseAddress) + ".." + AcpiBytes.Hex(limit) + ", not whole 4 KiB pages";
                return false;
            }
            if (!TryParseScopes(structure, RmrrScopesOffset, where, out DmarDeviceScope[] scopes, out error)) return false;
            region = new DmarReservedRegion(AcpiBytes.U16(structure, 6), baseAddress, limit, scopes);
            return true;
        }

        // Device scopes fill the rest of their structure (8.3.1): {type, length, reserved u16, enumeration id, start bus, path pairs}.
        private static bool TryParseScopes(ReadOnlySpan<byte> structure, int first, string where, out DmarDeviceScope[] scopes, out string error)
        {
            scopes = null;
            int count = 0;
            int offset = first;
            while (offset < structure.Length)
            {
                int left = structure.Length - offset;
                string scope = where + ": device scope " + count.ToString();
                if (left < ScopeHeaderSize)
                {
                    error = scope + " has " + left.ToString() + " bytes left, too few for its 6-byte header";
                    return false;
                }
                byte type = structure[offset];
                int length = structure[offset + 1];
                if (type < (byte)DmarScopeType.PciEndpoint || type > (byte)DmarScopeType.AcpiNamespaceDevice)
                {
                    error = scope + " has reserved type " + type.ToString();
                    return false;
                }
                if (length < ScopeHeaderSize + 2 || (length - ScopeHeaderSize) % 2 != 0)
                {
                    error = scope + " has length " + length.ToString() + ": not 6 plus a nonzero number of 2-byte path entries";
                    return false;
                }
                if (length > left)
                {
                    error = scope + " runs past its structure (length " + length.ToString() + ", " + left.ToString() + " bytes left)";
                    return false;
                }
                count++;
                offset += length;
            }
            scopes = new DmarDeviceScope[count];
            offset = first;
            for (int i = 0; i < count; i++)
            {
                int length = structure[offset + 1];
                scopes[i] = new DmarDeviceScope((DmarScopeType)structure[offset], structure[offset + 4], structure[offset + 5],
                    structure.Slice(offset + ScopeHeaderSize, length - ScopeHeaderSize).ToArray());
                offset += length;
            }
            error = null;
            return true;
        }

        // Checks every structure's length and counts the DRHDs and RMRRs so that their arrays are allocated once.
        private static bool TryCountStructures(ReadOnlySpan<byte> table, out int units, out int regions, out int skipped, out string error)
        {
            units = regions = skipped = 0;
            int offset = StructuresOffset;
            while (offset < table.Length)
            {
                int left = table.Length - offset;
                if (left < StructureHeaderSize)
                {
                    error = "DMAR has " + left.ToString() + " stray bytes at offset " + AcpiBytes.Hex((ulong)offset) + ", too few for a structure header";
                    return false;
                }
                ushort type = AcpiBytes.U16(table, offset);
                int length = AcpiBytes.U16(table, offset + 2);
                string structure = "DMAR structure of type " + type.ToString() + " at offset " + AcpiBytes.Hex((ulong)offset);
                if (length < StructureHeaderSize)
                {
                    error = structure + " has length " + length.ToString() + ", less than its 4-byte header";
                    return false;
                }
                if (length > left)
                {
                    error = structure + " runs past the end of the table (length " + length.ToString() + ", " + left.ToString() + " bytes left)";
                    return false;
                }
                int needed = type == DrhdType ? DrhdScopesOffset : type == RmrrType ? RmrrScopesOffset : StructureHeaderSize;
                if (length < needed)
                {
                    error = structure + " has length " + length.ToString() + ", too short for its fields (at least " + needed.ToString() + ")";
                    return false;
                }
                if (type == DrhdType) units++;
                else if (type == RmrrType) regions++;
                else skipped++;
                offset += length;
            }
            error = null;
            return true;
        }
    }
}
