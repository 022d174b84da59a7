using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Nvme
{
    // One page of DMA memory per I/O queue slot, for what a command points to
    // besides its data: its PRP list, or its Dataset Management ranges. Built
    // in a scratch page, then copied in one piece (allocation-free).
    internal sealed class NvmeSlotPages
    {
        public const int PageBytes = NvmePrp.PageBytes;

        private readonly DmaBuffer _pages;
        private readonly byte[] _scratch = new byte[PageBytes];

        public NvmeSlotPages(DmaBuffer pages, int slots)
        {
            if (pages.Length < slots * PageBytes)
                throw new ArgumentException("slot pages of " + pages.Length.ToString() + " bytes for " + slots.ToString() + " slots");
            _pages = pages;
        }

        public static int BytesFor(int slots) => slots * PageBytes;

        public ulong Address(int slot) => _pages.DeviceAddress + (ulong)(slot * PageBytes);

        // Where the next page is built.
        public Span<byte> Scratch => _scratch;

        // The first `bytes` of the scratch page to the slot's page.
        public void Publish(int slot, int bytes) => _pages.CopyFrom(slot * PageBytes, new ReadOnlySpan<byte>(_scratch, 0, bytes));
    }
}
