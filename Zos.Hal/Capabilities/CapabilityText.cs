namespace Zos.Hal.Capabilities
{
    // Names for logs and the shell, without Enum.ToString (the kernel has no
    // reflection data for enum names).
    public static class CapabilityText
    {
        public static string Of(CapabilityRights rights)
        {
            if (rights == CapabilityRights.None) return "none";
            string text = "";
            if ((rights & CapabilityRights.Read) != 0) text = Append(text, "read");
            if ((rights & CapabilityRights.Write) != 0) text = Append(text, "write");
            if ((rights & CapabilityRights.Wait) != 0) text = Append(text, "wait");
            if ((rights & CapabilityRights.Acknowledge) != 0) text = Append(text, "acknowledge");
            if ((rights & CapabilityRights.Allocate) != 0) text = Append(text, "allocate");
            return text;
        }

        public static string Of(ViolationReason reason) => reason switch
        {
            ViolationReason.Revoked => "revoked",
            ViolationReason.StaleGeneration => "stale generation",
            ViolationReason.MissingRights => "missing rights",
            ViolationReason.OutOfRange => "out of range",
            ViolationReason.Misaligned => "misaligned",
            ViolationReason.ProtectedRegister => "protected register",
            ViolationReason.DmaBlocked => "dma blocked",
            _ => "violation " + ((int)reason).ToString(),
        };

        public static string Of(DenialReason reason) => reason switch
        {
            DenialReason.InvalidRequest => "invalid request",
            DenialReason.OutsideResource => "outside the resource",
            DenialReason.RightsExceeded => "rights exceeded",
            DenialReason.SourceRevoked => "source revoked",
            DenialReason.AlreadyGranted => "already granted",
            DenialReason.QuotaExceeded => "quota exceeded",
            DenialReason.Unavailable => "unavailable",
            DenialReason.NotPermitted => "not permitted",
            _ => "denial " + ((int)reason).ToString(),
        };

        public static string Of(CapabilityKind kind) => kind switch
        {
            CapabilityKind.IoPortRange => "ports",
            CapabilityKind.Irq => "irq",
            CapabilityKind.MmioRegion => "mmio",
            CapabilityKind.DmaPool => "dma pool",
            CapabilityKind.DmaBuffer => "dma buffer",
            CapabilityKind.PciFunction => "pci function",
            _ => "kind " + ((int)kind).ToString(),
        };

        // As the shell's irqmode and the drivers' descriptions say it.
        public static string Of(IrqMode mode) => mode switch
        {
            IrqMode.Msi => "msi",
            IrqMode.MsiX => "msi-x",
            _ => "intx",
        };

        private static string Append(string text, string name) => text.Length == 0 ? name : text + "," + name;
    }
}
