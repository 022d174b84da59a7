using System;

namespace Zos.Hal.Acpi
{
    // The Root System Description Pointer (ACPI 6.5, 5.2.5.3): "RSD PTR ",
    // checksum over the first 20 bytes, OEM id, revision, the 32-bit RSDT
    // address; from revision 2 on also a length, the 64-bit XSDT address and
    // an extended checksum over the whole structure.
    public sealed class RootPointer
    {
        public const int Version1Size = 20;
        public const int Version2Size = 36;
        public const string SignatureText = "RSD PTR ";

        private RootPointer(byte revision, string oemId, uint rsdtAddress, ulong xsdtAddress)
        {
            Revision = revision;
            OemId = oemId;
            RsdtAddress = rsdtAddress;
            XsdtAddress = xsdtAddress;
        }

        // 0 for ACPI 1.0; 2 or more when the extended fields are present.
        public byte Revision { get; }
        public string OemId { get; }
        public uint RsdtAddress { get; }
        // 0 when the RSDP is version 1 or the firmware gave no XSDT.
        public ulong XsdtAddress { get; }

        public bool HasExtendedFields => Revision >= 2;

        // Revision 1 was never defined; firmware that reports it gets the version 1 layout.
        public static bool TryParse(ReadOnlySpan<byte> bytes, out RootPointer result, out string error)
        {
            result = null;
            if (bytes.Length < Version1Size)
            {
                error = "RSDP is " + bytes.Length.ToString() + " bytes, shorter than the 20 of version 1";
                return false;
            }
            if (!AcpiBytes.Matches(bytes, 0, SignatureText))
            {
                error = "RSDP signature is '" + AcpiBytes.Text(bytes, 0, 8) + "', not 'RSD PTR '";
                return false;
            }
            if (!AcpiBytes.ChecksumIsZero(bytes.Slice(0, Version1Size)))
            {
                error = "RSDP checksum over its first 20 bytes is wrong";
                return false;
            }
            byte revision = bytes[15];
            ulong xsdt = 0;
            if (revision >= 2)
            {
                if (bytes.Length < Version2Size)
                {
                    error = "RSDP revision " + revision.ToString() + " is " + bytes.Length.ToString() + " bytes, shorter than the 36 of version 2";
                    return false;
                }
                uint length = AcpiBytes.U32(bytes, 20);
                if (length < Version2Size || length > (uint)bytes.Length)
                {
                    error = "RSDP length " + length.ToString() + " is outside 36.." + bytes.Length.ToString();
                    return false;
                }
                if (!AcpiBytes.ChecksumIsZero(bytes.Slice(0, (int)length)))
                {
                    error = "RSDP extended checksum over its " + length.ToString() + " bytes is wrong";
                    return false;
                }
                xsdt = AcpiBytes.U64(bytes, 24);
            }
            result = new RootPointer(revision, AcpiBytes.Text(bytes, 9, 6), AcpiBytes.U32(bytes, 16), xsdt);
            error = null;
            return true;
        }
    }
}
