namespace Zos.Drivers.Nvme
{
    // What CAP and VS say about a controller (NVMe 1.4, 3.1.1 and 3.1.2), and
    // where its doorbells are. Check refuses a controller this driver cannot use.
    public sealed class NvmeControllerCapabilities
    {
        public const int PageBytes = 4096;
        // TO is in 500 ms units; 0 would promise an instant, which no controller keeps.
        public const int TimeoutUnitMilliseconds = 500;

        public NvmeControllerCapabilities(ulong cap, uint version)
        {
            Raw = cap;
            VersionRaw = version;
        }

        public ulong Raw { get; }
        public uint VersionRaw { get; }
        // MQES (15:0) is 0-based.
        public int MaxQueueEntries => (int)(Raw & 0xFFFF) + 1;
        // TO (31:24): how long CSTS.RDY may take to follow CC.EN, either way.
        public int ReadyTimeoutMilliseconds
        {
            get
            {
                int units = (int)((Raw >> 24) & 0xFF);
                return (units == 0 ? 1 : units) * TimeoutUnitMilliseconds;
            }
        }
        // DSTRD (35:32): doorbells are 2^(2 + DSTRD) bytes apart.
        public int DoorbellStrideBytes => 4 << (int)((Raw >> 32) & 0xF);
        // CSS (44:37) bit 0: the NVM command set.
        public bool HasNvmCommandSet => ((Raw >> 37) & 1) != 0;
        // MPSMIN (51:48) and MPSMAX (55:52): pages of 2^(12 + n) bytes.
        public int MinPageBytes => 4096 << (int)((Raw >> 48) & 0xF);
        public int MaxPageBytes => 4096 << (int)((Raw >> 52) & 0xF);
        public int MajorVersion => (int)(VersionRaw >> 16);
        public int MinorVersion => (int)((VersionRaw >> 8) & 0xFF);
        // "1.4", or "1.2.1" with a tertiary version.
        public string VersionText => MajorVersion.ToString() + "." + MinorVersion.ToString()
            + ((VersionRaw & 0xFF) != 0 ? "." + (VersionRaw & 0xFF).ToString() : "");
        // CNS 02h, the active namespace list, came with 1.1 (5.15.1).
        public bool HasActiveNamespaceList => MajorVersion > 1 || MinorVersion >= 1;

        // SQyTDBL and CQyHDBL (3.1.24, 3.1.25).
        public ulong SubmissionDoorbell(int queue) => NvmeRegisters.FirstDoorbell + (ulong)(2 * queue * DoorbellStrideBytes);
        public ulong CompletionDoorbell(int queue) => NvmeRegisters.FirstDoorbell + (ulong)((2 * queue + 1) * DoorbellStrideBytes);

        // Null, or why this driver cannot use the controller, whose registers
        // it may touch in [0, barBytes) and with queues up to `queues`.
        public string Check(ulong barBytes, int queues)
        {
            if (Raw == ulong.MaxValue) return "CAP reads all ones: no controller answers in BAR 0";
            if (!HasNvmCommandSet) return "CAP.CSS 0x" + ((Raw >> 37) & 0xFF).ToString("x") + " lacks the NVM command set";
            if (PageBytes < MinPageBytes || PageBytes > MaxPageBytes)
                return "the controller's memory pages are " + MinPageBytes.ToString() + " to " + MaxPageBytes.ToString() + " bytes; this driver uses "
                    + PageBytes.ToString();
            ulong lastDoorbell = CompletionDoorbell(queues) + 4;
            if (lastDoorbell > barBytes)
                return "the doorbells of queue " + queues.ToString() + " end at 0x" + lastDoorbell.ToString("x") + ", beyond the 0x" + barBytes.ToString("x")
                    + " bytes of BAR 0 granted (CAP.DSTRD " + ((Raw >> 32) & 0xF).ToString() + ")";
            return null;
        }

    }
}
