using Zos.Hal.Capabilities;
using Zos.Kernel.Hosting;

namespace Zos.Shell.Commands
{
    // A driver instance's capabilities with rights, generation and state, what
    // its last restart revoked, and its denials and violations from the log.
    public sealed class CapsCommand : ShellCommand
    {
        public override string Name => "caps";
        public override string Usage => "caps <driver>";
        public override string Summary => "a driver's capabilities (rights, generation), denials and violations";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 1) return "caps takes a driver name (see drivers)";
            DriverInstance instance = DriverHost.Find(arguments[0]);
            if (instance is null) return "no driver named '" + arguments[0] + "'";
            output.WriteLine("owner " + instance.Name + " generation=" + instance.Generation.ToString() + " capabilities="
                + instance.CapabilityCount.ToString() + " denials=" + instance.Denials.ToString() + " violations=" + instance.Violations.ToString());
            foreach (Capability capability in DriverHost.Authority.CapabilitiesOf(instance))
            {
                if (capability is null) continue;
                output.WriteLine("cap " + KindName(capability.Kind) + " generation=" + capability.Generation.ToString()
                    + " state=" + State(capability) + " rights=" + CapabilityText.Of(capability.Rights) + " what=\"" + capability.Describe() + "\"");
            }
            string[] revoked = instance.LastRevoked;
            if (instance.LastRevokedGeneration >= 0)
            {
                output.WriteLine("revoked generation=" + instance.LastRevokedGeneration.ToString() + " count=" + revoked.Length.ToString());
                for (int i = 0; i < revoked.Length; i++) output.WriteLine("revoked_cap \"" + revoked[i] + "\"");
            }
            CapabilityAudit audit = DriverHost.Authority.Audit;
            for (int i = 0; i < audit.Count; i++)
            {
                CapabilityEvent logged = audit.At(i);
                if (logged.Owner == instance) output.WriteLine("audit " + logged.Describe());
            }
            return null;
        }

        // One word, for "key=value" lines.
        private static string KindName(CapabilityKind kind) => kind switch
        {
            CapabilityKind.DmaPool => "dma_pool",
            CapabilityKind.DmaBuffer => "dma_buffer",
            CapabilityKind.PciFunction => "pci_function",
            _ => CapabilityText.Of(kind),
        };

        private static string State(Capability capability) =>
            capability.IsRevoked ? "revoked" : capability.IsValid ? "valid" : "stale";
    }
}
