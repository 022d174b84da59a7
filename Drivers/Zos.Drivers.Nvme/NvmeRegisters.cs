namespace Zos.Drivers.Nvme
{
    // The controller registers at the start of BAR 0 (NVMe 1.4, 3.1) and the
    // bits of them this driver uses. The doorbells follow at 0x1000, spaced by
    // CAP.DSTRD (NvmeControllerCapabilities.SubmissionDoorbell).
    public static class NvmeRegisters
    {
        public const ulong Capabilities = 0x00;            // CAP, 64 bits (3.1.1)
        public const ulong Version = 0x08;                 // VS (3.1.2)
        public const ulong Configuration = 0x14;           // CC (3.1.5)
        public const ulong Status = 0x1C;                  // CSTS (3.1.6)
        public const ulong AdminQueueAttributes = 0x24;    // AQA (3.1.8)
        public const ulong AdminSubmissionQueue = 0x28;    // ASQ, 64 bits (3.1.9)
        public const ulong AdminCompletionQueue = 0x30;    // ACQ, 64 bits (3.1.10)
        public const ulong FirstDoorbell = 0x1000;         // SQ0TDBL (3.1.24)

        // CC: EN (0), CSS (6:4, 000b the NVM command set), MPS (10:7, 2^(12+MPS)
        // bytes), AMS (13:11, round robin 000b), IOSQES (19:16) and IOCQES (23:20)
        // as log2 of the entry sizes.
        public const uint CcEnable = 1;
        public const int CcPageSizeShift = 7;
        public const int CcSubmissionEntrySizeShift = 16;
        public const int CcCompletionEntrySizeShift = 20;

        // CSTS: RDY (0), CFS (1, controller fatal status).
        public const uint CstsReady = 1;
        public const uint CstsFatal = 2;

        // AQA: ASQS (11:0) and ACQS (27:16), both 0-based.
        public const int AqaCompletionSizeShift = 16;
    }
}
