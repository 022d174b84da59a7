namespace Zos.Tests.Host.Nvme;

// How a controller reads a command's PRPs (NVMe 1.4, 4.3 and figure 108):
// PRP1 the first page from its offset (bits 1:0 must be 0); PRP2 the second
// page (offset 0) when the transfer crosses one page boundary, else the
// address of a PRP list whose entries (offset 0 each) are the following
// pages; the last entry of a full list page points to the next list page.
public static class SimulatedPrp
{
    public const int PageBytes = 4096;

    // The pieces [address, bytes) of the transfer, or null and why the PRPs are invalid.
    public static List<(ulong Address, int Bytes)>? Walk(SimulatedBusMemoryReader memory, ulong prp1, ulong prp2, int length, out string? problem)
    {
        problem = null;
        var pieces = new List<(ulong, int)>();
        if ((prp1 & 3) != 0)
        {
            problem = $"PRP1 0x{prp1:x} is not dword aligned";
            return null;
        }
        int first = (int)Math.Min(length, PageBytes - (long)(prp1 % PageBytes));
        pieces.Add((prp1, first));
        int remaining = length - first;
        if (remaining == 0) return pieces;
        if (remaining <= PageBytes)
        {
            if (prp2 % PageBytes != 0)
            {
                problem = $"PRP2 0x{prp2:x} (the second page) has an offset";
                return null;
            }
            pieces.Add((prp2, remaining));
            return pieces;
        }
        if ((prp2 & 7) != 0)
        {
            problem = $"the PRP list pointer 0x{prp2:x} is not qword aligned";
            return null;
        }
        ulong entry = prp2;
        while (remaining > 0)
        {
            // The last entry of a list page chains to the next page when more than one page is left.
            bool lastInPage = (entry + 8) % PageBytes == 0;
            if (!memory(entry, out ulong page))
            {
                problem = $"the PRP list entry at 0x{entry:x} is unreachable";
                return null;
            }
            if (lastInPage && remaining > PageBytes)
            {
                entry = page;
                continue;
            }
            if (page % PageBytes != 0)
            {
                problem = $"the PRP list entry 0x{page:x} at 0x{entry:x} has an offset";
                return null;
            }
            int piece = Math.Min(remaining, PageBytes);
            pieces.Add((page, piece));
            remaining -= piece;
            entry += 8;
        }
        return pieces;
    }
}

// Reads one qword at a device address: false when nothing decodes it.
public delegate bool SimulatedBusMemoryReader(ulong deviceAddress, out ulong value);
