using System;

namespace Zos.Hal.Acpi
{
    // An ACPI Generic Address Structure (ACPI 6.5, 5.2.3.2): a register's
    // address space, width, bit offset, access size and 64-bit address.
    public readonly struct GenericAddress
    {
        public const int Size = 12;

        public GenericAddress(AddressSpace space, byte bitWidth, byte bitOffset, byte accessSize, ulong address)
        {
            Space = space;
            BitWidth = bitWidth;
            BitOffset = bitOffset;
            AccessSize = accessSize;
            Address = address;
        }

        public AddressSpace Space { get; }
        public byte BitWidth { get; }
        public byte BitOffset { get; }
        // 0 undefined, 1 byte, 2 word, 3 dword, 4 qword.
        public byte AccessSize { get; }
        public ulong Address { get; }

        internal static GenericAddress Read(ReadOnlySpan<byte> bytes, int offset) =>
            new GenericAddress((AddressSpace)bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3], AcpiBytes.U64(bytes, offset + 4));
    }

    // The address space ids Zos may meet; others keep their numeric value.
    public enum AddressSpace : byte
    {
        SystemMemory = 0,
        SystemIo = 1,
        PciConfiguration = 2,
    }
}
