using Zos.Kernel.Domains;

namespace Zos.Shell.Commands
{
    public sealed class DomainsCommand : ShellCommand
    {
        public override string Name => "domains";
        public override string Usage => "domains";
        public override string Summary => "fault domains, their state and last fault";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            FaultDomain[] domains = FaultDomain.All();
            for (int i = 0; i < domains.Length; i++)
            {
                FaultDomain d = domains[i];
                string line = "domain " + d.Id.ToString() + " name=" + d.Name + " state=" + StateName(d.State)
                    + " threads=" + d.LiveThreads.ToString() + " watchdog_ms=" + d.WatchdogMilliseconds.ToString();
                if (d.MemoryAccount != 0)
                    line += " memory_kib=" + (d.MemoryBytes / 1024).ToString() + "/" + (d.MemoryQuotaBytes / 1024).ToString();
                FaultRecord f = d.Fault;
                if (f is not null)
                    line += " fault=\"" + f.Kind + "\" thread=" + f.ThreadName + " method=" + (f.Method ?? "-") + " message=\"" + f.Message + "\"";
                output.WriteLine(line);
            }
            output.WriteLine("domains: " + domains.Length.ToString());
            return null;
        }

        private static string StateName(DomainState state) => state switch
        {
            DomainState.Running => "running",
            DomainState.Exited => "exited",
            _ => "stopped",
        };
    }
}
