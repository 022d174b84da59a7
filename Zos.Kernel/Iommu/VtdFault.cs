namespace Zos.Kernel.Iommu
{
    // One primary fault record (VT-d 3.4, 10.4.14), decoded: which device
    // (source id = bus << 8 | device << 3 | function), what it tried (read or
    // write) at which page, why it was blocked, and the domain the source id
    // was attached to (null: no domain, so a device the kernel never attached).
    public readonly struct VtdFault
    {
        public VtdFault(ushort sourceId, byte reason, ulong address, bool isWrite, VtdDomain domain)
        {
            SourceId = sourceId;
            Reason = reason;
            Address = address;
            IsWrite = isWrite;
            Domain = domain;
        }

        public ushort SourceId { get; }
        public byte Reason { get; }
        // The faulting page (the record keeps bits 63:12).
        public ulong Address { get; }
        public bool IsWrite { get; }
        public VtdDomain Domain { get; }

        public int Bus => SourceId >> 8;
        public int Device => (SourceId >> 3) & 0x1F;
        public int Function => SourceId & 7;

        // The legacy-mode fault reasons of appendix A that Zos's tables can cause.
        public string ReasonText
        {
            get
            {
                switch (Reason)
                {
                    case 1: return "root entry not present";
                    case 2: return "context entry not present";
                    case 3: return "invalid context entry";
                    case 4: return "address beyond the domain's address width";
                    case 5: return "write not permitted";
                    case 6: return "read not permitted";
                    case 7: return "second-level table could not be read";
                    default: return "fault reason 0x" + Reason.ToString("x");
                }
            }
        }

        // "write at 0x7000 by 00:03.0 (blk0): write not permitted"
        public override string ToString() =>
            (IsWrite ? "write at 0x" : "read at 0x") + Address.ToString("x") + " by " + SourceText(SourceId)
            + (Domain is null ? "" : " (" + Domain.Owner + ")") + ": " + ReasonText;

        // bus:device.function, as lspci writes it.
        public static string SourceText(ushort sourceId) =>
            (sourceId >> 8).ToString("x2") + ":" + ((sourceId >> 3) & 0x1F).ToString("x2") + "." + (sourceId & 7).ToString();
    }
}
