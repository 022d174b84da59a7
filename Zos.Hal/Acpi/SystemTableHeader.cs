using System;
using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // The 36-byte header every ACPI system description table starts with
    // (ACPI 6.5, 5.2.6): signature, length of the whole table, revision,
    // checksum over the whole table, OEM and creator identification.
    public sealed class SystemTableHeader
    {
        public const int Size = 36;
        // Far above any table Zos parses (a MADT for 4096 x2APIC CPUs is 64 KiB):
        // a larger length is corruption, and bounding it keeps a bad length
        // from sending the checksum loop across gigabytes.
        public const uint MaxTableLength = 1024 * 1024;

        private SystemTableHeader(ulong address, ReadOnlySpan<byte> bytes)
        {
            Address = address;
            Signature = AcpiBytes.Signature(bytes, 0);
            Length = AcpiBytes.U32(bytes, 4);
            Revision = bytes[8];
            OemId = AcpiBytes.Text(bytes, 10, 6);
            OemTableId = AcpiBytes.Text(bytes, 16, 8);
            OemRevision = AcpiBytes.U32(bytes, 24);
            CreatorId = AcpiBytes.Text(bytes, 28, 4);
            CreatorRevision = AcpiBytes.U32(bytes, 32);
        }

        public ulong Address { get; }
        public string Signature { get; }
        public uint Length { get; }
        public byte Revision { get; }
        public string OemId { get; }
        public string OemTableId { get; }
        public uint OemRevision { get; }
        public string CreatorId { get; }
        public uint CreatorRevision { get; }

        // Reads the header alone: enough to list a table without vouching for its contents.
        public static bool TryReadHeader(PhysicalMemory memory, ulong address, out SystemTableHeader header, out string error)
        {
            header = null;
            if (!memory.TryRead(address, Size, out ReadOnlySpan<byte> bytes, out error))
            {
                error = "cannot read the table header at " + AcpiBytes.Hex(address) + ": " + error;
                return false;
            }
            header = new SystemTableHeader(address, bytes);
            return true;
        }

        // Reads a whole table and checks it is what the caller expects: the
        // signature, a length between the header size and MaxTableLength, and
        // the checksum. On success table spans exactly Length bytes.
        public static bool TryLoad(PhysicalMemory memory, ulong address, string signature, out SystemTableHeader header, out ReadOnlySpan<byte> table, out string error)
        {
            table = default;
            if (!TryReadHeader(memory, address, out header, out error)) return false;
            string where = signature + " at " + AcpiBytes.Hex(address);
            if (header.Signature != signature)
                return Fail(where + " has signature '" + header.Signature + "'", out header, out error);
            if (header.Length < Size || header.Length > MaxTableLength)
                return Fail(where + " has length " + header.Length.ToString() + ", outside 36.." + MaxTableLength.ToString(), out header, out error);
            if (!memory.TryRead(address, (int)header.Length, out table, out error))
                return Fail("cannot read the " + header.Length.ToString() + " bytes of " + where + ": " + error, out header, out error);
            if (!AcpiBytes.ChecksumIsZero(table))
            {
                table = default;
                return Fail(where + " has a wrong checksum", out header, out error);
            }
            return true;
        }

        private static bool Fail(string reason, out SystemTableHeader header, out string error)
        {
            header = null;
            error = reason;
            return false;
        }
    }
}
