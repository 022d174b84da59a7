using System;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Nvme
{
    // The data pointer of a command as PRPs (NVMe 1.4, 4.3 and figure 108):
    // PRP1 is the first byte (any dword-aligned offset in its page); a
    // transfer that crosses one page boundary has the second page in PRP2; one
    // that crosses more has in PRP2 the address of a PRP list, whose entries are
    // the second, third, ... pages (offset 0). One list page holds 512 entries:
    // transfers of up to 2 MiB, which this driver never exceeds, so lists are never chained.
    public static class NvmePrp
    {
        public const int PageBytes = NvmeControllerCapabilities.PageBytes;
        public const int EntryBytes = 8;
        public const int EntriesPerList = PageBytes / EntryBytes;
        // The largest transfer one list describes, whatever its first page's offset.
        public const int MaxTransferBytes = EntriesPerList * PageBytes;

        // How many pages [address, address + bytes) touches.
        public static int PagesFor(ulong address, int bytes)
        {
            ulong first = address & ~(ulong)(PageBytes - 1);
            ulong end = address + (ulong)bytes;
            return (int)((end - first + PageBytes - 1) / PageBytes);
        }

        // PRP1 and PRP2 for [address, address + bytes); when a list is needed
        // its entries are written to `list` (the list page's contents, to be
        // copied to listAddress) and their count returned, else 0.
        public static int Build(ulong address, int bytes, ulong listAddress, Span<byte> list, out ulong prp1, out ulong prp2)
        {
            if (bytes <= 0) throw new ArgumentOutOfRangeException("bytes", "PRPs describe at least one byte, not " + bytes.ToString());
            if ((address & 3) != 0) throw new ArgumentException("PRP1 must be dword aligned, not 0x" + address.ToString("x"));
            if ((listAddress & (PageBytes - 1)) != 0) throw new ArgumentException("a PRP list page at 0x" + listAddress.ToString("x") + " is not page aligned");
            int pages = PagesFor(address, bytes);
            if (pages - 1 > EntriesPerList)
                throw new ArgumentOutOfRangeException("bytes", bytes.ToString() + " bytes at 0x" + address.ToString("x") + " need more than one PRP list page");
            prp1 = address;
            ulong second = (address & ~(ulong)(PageBytes - 1)) + PageBytes;
            if (pages == 1)
            {
                prp2 = 0;
                return 0;
            }
            if (pages == 2)
            {
                prp2 = second;
                return 0;
            }
            for (int i = 0; i < pages - 1; i++) LittleEndian.Put64(list, i * EntryBytes, second + (ulong)i * PageBytes);
            prp2 = listAddress;
            return pages - 1;
        }
    }
}
