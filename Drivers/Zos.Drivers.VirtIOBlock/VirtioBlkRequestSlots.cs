using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.VirtIOBlock
{
    // DMA memory for the header and status byte of each request in flight, one
    // slot per request (the driver picks the slot, e.g. by its request tag).
    public sealed class VirtioBlkRequestSlots
    {
        // Header at 0, status at 16, the rest padding.
        public const int SlotBytes = 32;
        private const int StatusOffset = VirtioBlkProtocol.HeaderBytes;
        // Left in the status byte until the device writes its own: no valid status.
        public const byte StatusNotWritten = 0xFF;

        private readonly DmaBuffer _buffer;
        private readonly byte[] _encoded = new byte[VirtioBlkProtocol.HeaderBytes + VirtioBlkProtocol.StatusBytes];

        public VirtioBlkRequestSlots(DmaBuffer buffer, int slots)
        {
            if (slots < 1) throw new ArgumentOutOfRangeException(nameof(slots), "at least one request slot, not " + slots.ToString());
            if (buffer.Length < BytesFor(slots))
                throw new ArgumentException(slots.ToString() + " request slots need " + BytesFor(slots).ToString() + " bytes, the buffer has "
                    + buffer.Length.ToString());
            _buffer = buffer;
            Count = slots;
        }

        public int Count { get; }

        public static int BytesFor(int slots) => checked(slots * SlotBytes);

        public ulong HeaderAddress(int slot) => _buffer.DeviceAddress + (ulong)Offset(slot);
        public ulong StatusAddress(int slot) => _buffer.DeviceAddress + (ulong)(Offset(slot) + StatusOffset);

        // Writes the header (type, reserved 0, sector) and marks the status unwritten, in one store.
        public void Prepare(int slot, VirtioBlkRequestType type, ulong sector)
        {
            for (int i = 0; i < 4; i++) _encoded[i] = (byte)((uint)type >> (8 * i));
            for (int i = 4; i < 8; i++) _encoded[i] = 0;
            for (int i = 0; i < 8; i++) _encoded[8 + i] = (byte)(sector >> (8 * i));
            _encoded[StatusOffset] = StatusNotWritten;
            _buffer.CopyFrom(Offset(slot), _encoded);
        }

        public byte ReadStatus(int slot) => _buffer.Read8(Offset(slot) + StatusOffset);

        private int Offset(int slot)
        {
            if ((uint)slot >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(slot), "slot " + slot.ToString() + " of " + Count.ToString());
            return slot * SlotBytes;
        }
    }
}
