using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Ahci
{
    // One port's DMA structures in one buffer (AHCI 1.3.1, 4.2): the command
    // list (32 headers of 32 bytes, 1 KiB aligned), the received FIS area
    // (256 bytes, 256-byte aligned) and one command table per slot (128-byte
    // aligned: command FIS at 0, ATAPI command at 0x40, PRDT at 0x80, 16 bytes
    // per entry). A pool buffer starts on a page, which satisfies all three.
    public sealed class AhciPortMemory
    {
        public const int CommandListOffset = 0;
        public const int CommandListBytes = 1024;          // 4.2.2: 32 headers
        public const int CommandHeaderBytes = 32;
        public const int ReceivedFisOffset = 0x400;
        public const int ReceivedFisBytes = 256;           // 4.2.1
        public const int FirstTableOffset = 0x500;
        public const int TableAlignment = 128;             // 4.2.3: CTBA bits 6:0 are reserved
        public const int CommandFisOffset = 0x00;          // CFIS, up to 64 bytes
        public const int AtapiCommandOffset = 0x40;        // ACMD, 12 or 16 bytes
        public const int PrdtOffset = 0x80;
        public const int PrdEntryBytes = 16;               // 4.2.3.3
        // 4.2.3: PRDTL is 16 bits.
        public const int MaxPrdEntries = 65535;

        // The received FIS area's parts (4.2.1).
        public const int DmaSetupFisOffset = 0x00;
        public const int PioSetupFisOffset = 0x20;
        public const int D2HRegisterFisOffset = 0x40;
        public const int SetDeviceBitsFisOffset = 0x58;

        public AhciPortMemory(DmaBuffer buffer, int slots, int prdEntriesPerTable)
        {
            if (slots < 1 || slots > 32) throw new ArgumentOutOfRangeException("slots", "a port has 1 to 32 command slots, not " + slots.ToString());
            if (prdEntriesPerTable < 1 || prdEntriesPerTable > MaxPrdEntries)
                throw new ArgumentOutOfRangeException("prdEntriesPerTable", "a command table holds 1 to 65535 PRD entries, not " + prdEntriesPerTable.ToString());
            if (buffer.Length < BytesFor(slots, prdEntriesPerTable))
                throw new ArgumentException("port memory of " + buffer.Length.ToString() + " bytes; " + slots.ToString() + " slots with "
                    + prdEntriesPerTable.ToString() + " PRD entries each need " + BytesFor(slots, prdEntriesPerTable).ToString());
            if ((buffer.DeviceAddress & (CommandListBytes - 1)) != 0)
                throw new ArgumentException("port memory at device address 0x" + buffer.DeviceAddress.ToString("x") + " is not 1 KiB aligned (the command list's alignment)");
            Buffer = buffer;
            Slots = slots;
            PrdEntriesPerTable = prdEntriesPerTable;
            TableBytes = TableBytesFor(prdEntriesPerTable);
        }

        public DmaBuffer Buffer { get; }
        public int Slots { get; }
        public int PrdEntriesPerTable { get; }
        // One command table, rounded up to the next table's alignment.
        public int TableBytes { get; }

        public ulong CommandListAddress => Buffer.DeviceAddress + CommandListOffset;
        public ulong ReceivedFisAddress => Buffer.DeviceAddress + ReceivedFisOffset;
        public int HeaderOffset(int slot) => CommandListOffset + slot * CommandHeaderBytes;
        public int TableOffset(int slot) => FirstTableOffset + slot * TableBytes;
        public ulong TableAddress(int slot) => Buffer.DeviceAddress + (ulong)TableOffset(slot);

        public static int TableBytesFor(int prdEntries) =>
            (PrdtOffset + prdEntries * PrdEntryBytes + TableAlignment - 1) / TableAlignment * TableAlignment;

        public static int BytesFor(int slots, int prdEntriesPerTable) => FirstTableOffset + slots * TableBytesFor(prdEntriesPerTable);
    }
}
