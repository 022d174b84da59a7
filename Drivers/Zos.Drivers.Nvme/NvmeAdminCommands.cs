namespace Zos.Drivers.Nvme
{
    // The admin commands this driver sends (NVMe 1.4, 5; opcodes in figure 139).
    public static class NvmeAdminCommands
    {
        public const byte CreateIoSubmissionQueueOpcode = 0x01;
        public const byte CreateIoCompletionQueueOpcode = 0x05;
        public const byte IdentifyOpcode = 0x06;
        public const byte AbortOpcode = 0x08;
        public const byte SetFeaturesOpcode = 0x09;

        // Identify's CNS values (5.15.1, figure 244).
        public const byte IdentifyNamespace = 0x00;
        public const byte IdentifyController = 0x01;
        public const byte IdentifyActiveNamespaces = 0x02;
        public const int IdentifyBytes = 4096;

        // Set Features' feature id for the number of queues (5.21.1.7).
        public const byte NumberOfQueuesFeature = 0x07;

        // 5.15: CNS in CDW10 7:0; the namespace (CNS 0) or the id the list starts after (CNS 2) in NSID.
        // The data is one 4 KiB page: PRP1 alone when the buffer starts on a page.
        public static NvmeCommand Identify(byte cns, uint namespaceId, ulong buffer) => new NvmeCommand
        {
            Opcode = IdentifyOpcode, NamespaceId = namespaceId, Prp1 = buffer, Dword10 = cns,
        };

        // 5.21.1.7: NSQR (15:0) and NCQR (31:16), both 0-based. The result
        // (DW0) has the counts allocated, the same way.
        public static NvmeCommand SetNumberOfQueues(int submissionQueues, int completionQueues) => new NvmeCommand
        {
            Opcode = SetFeaturesOpcode, Dword10 = NumberOfQueuesFeature, Dword11 = (uint)(submissionQueues - 1) | (uint)(completionQueues - 1) << 16,
        };

        // 5.3: QID (15:0) and QSIZE (31:16, 0-based) in CDW10; PC (0: one
        // physically contiguous ring at PRP1), IEN (1) and IV (31:16) in CDW11.
        public static NvmeCommand CreateIoCompletionQueue(int queue, int entries, ulong ring, int interruptVector) => new NvmeCommand
        {
            Opcode = CreateIoCompletionQueueOpcode, Prp1 = ring, Dword10 = (uint)queue | (uint)(entries - 1) << 16,
            Dword11 = 0x1 | 0x2 | (uint)interruptVector << 16,
        };

        // 5.4: QID and QSIZE as above; PC (0) and CQID (31:16) in CDW11 (QPRIO 0:
        // arbitration is round robin, which ignores it).
        public static NvmeCommand CreateIoSubmissionQueue(int queue, int entries, ulong ring, int completionQueue) => new NvmeCommand
        {
            Opcode = CreateIoSubmissionQueueOpcode, Prp1 = ring, Dword10 = (uint)queue | (uint)(entries - 1) << 16,
            Dword11 = 0x1 | (uint)completionQueue << 16,
        };

        // 5.1: SQID (15:0) and CID (31:16) in CDW10. Result bit 0: 0 when the
        // command was aborted (it then completes with Command Abort Requested), 1 when not.
        public static NvmeCommand Abort(int submissionQueue, ushort commandId) => new NvmeCommand
        {
            Opcode = AbortOpcode, Dword10 = (uint)submissionQueue | (uint)commandId << 16,
        };

        public static string Name(byte opcode) => opcode switch
        {
            CreateIoSubmissionQueueOpcode => "Create I/O Submission Queue",
            CreateIoCompletionQueueOpcode => "Create I/O Completion Queue",
            IdentifyOpcode => "Identify",
            AbortOpcode => "Abort",
            SetFeaturesOpcode => "Set Features",
            _ => "admin command 0x" + opcode.ToString("x2"),
        };
    }
}
