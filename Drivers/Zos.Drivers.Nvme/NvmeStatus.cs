namespace Zos.Drivers.Nvme
{
    // The 15-bit status field of a completion (NVMe 1.4, 4.6.1, figure 125):
    // SC (7:0), SCT (10:8), CRD (12:11), M (13, more in the error log), DNR
    // (14, do not retry); and names for the codes a driver meets (4.6.1.2).
    public static class NvmeStatus
    {
        public const int GenericType = 0;
        public const int CommandSpecificType = 1;
        public const int MediaType = 2;
        public const int PathType = 3;
        // 4.6.1.2.1: Command Abort Requested, how an aborted command completes.
        public const int AbortRequested = 0x07;

        public static int Code(ushort status) => status & 0xFF;
        public static int CodeType(ushort status) => (status >> 8) & 0x7;
        public static bool More(ushort status) => (status & 0x2000) != 0;
        public static bool DoNotRetry(ushort status) => (status & 0x4000) != 0;
        public static bool Succeeded(ushort status) => (status & 0x7FF) == 0;
        // The controller says the same command may succeed if sent again.
        public static bool Retryable(ushort status) => !Succeeded(status) && !DoNotRetry(status);

        // "unrecovered read error (SCT 2h, SC 81h)", then ", do not retry" and ", more in the error log" when set.
        public static string Describe(ushort status)
        {
            int type = CodeType(status), code = Code(status);
            string text = (Name(type, code) ?? "status") + " (SCT " + type.ToString("x") + "h, SC " + code.ToString("x2") + "h)";
            if (DoNotRetry(status)) text += ", do not retry";
            if (More(status)) text += ", more in the error log";
            return text;
        }

        private static string Name(int type, int code)
        {
            if (type == GenericType) return GenericName(code);
            if (type == CommandSpecificType) return CommandSpecificName(code);
            if (type == MediaType) return MediaName(code);
            if (type == PathType) return "path error";
            return type == 7 ? "vendor specific" : null;
        }

        // Figures 126 and 127.
        private static string GenericName(int code) => code switch
        {
            0x00 => "success",
            0x01 => "invalid command opcode",
            0x02 => "invalid field in command",
            0x03 => "command id conflict",
            0x04 => "data transfer error",
            0x05 => "aborted: power loss",
            0x06 => "internal error",
            AbortRequested => "aborted as requested",
            0x08 => "aborted: submission queue deleted",
            0x0B => "invalid namespace or format",
            0x0C => "command sequence error",
            0x13 => "PRP offset invalid",
            0x15 => "operation denied",
            0x20 => "namespace write protected",
            0x21 => "command interrupted",
            0x80 => "LBA out of range",
            0x81 => "capacity exceeded",
            0x82 => "namespace not ready",
            _ => null,
        };

        // Figures 128 and 129.
        private static string CommandSpecificName(int code) => code switch
        {
            0x00 => "completion queue invalid",
            0x01 => "invalid queue identifier",
            0x02 => "invalid queue size",
            0x03 => "abort command limit exceeded",
            0x08 => "invalid interrupt vector",
            0x0D => "feature identifier not saveable",
            0x0E => "feature not changeable",
            0x80 => "conflicting attributes",
            0x82 => "write to a read-only range",
            _ => null,
        };

        // Figure 130.
        private static string MediaName(int code) => code switch
        {
            0x80 => "write fault",
            0x81 => "unrecovered read error",
            0x82 => "end-to-end guard check error",
            0x83 => "end-to-end application tag check error",
            0x84 => "end-to-end reference tag check error",
            0x85 => "compare failure",
            0x86 => "access denied",
            0x87 => "deallocated or unwritten logical block",
            _ => null,
        };
    }
}
