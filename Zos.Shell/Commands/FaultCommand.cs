using System;
using Zos.Kernel.Domains;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // Faults on purpose: in the shell's own thread the kernel panics; with
    // --domain the fault happens in a new fault domain, which is stopped while
    // everything else keeps running (see `domains`).
    public sealed class FaultCommand : ShellCommand
    {
        private const int WatchdogMilliseconds = 500;

        public override string Name => "fault";
        public override string Usage => "fault " + DeliberateFaults.Kinds + " [--domain]";
        public override string Summary => "cause a fault (panics; contained with --domain)";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length < 1 || arguments.Length > 2) return "fault takes a kind and optionally --domain";
            bool inDomain = arguments.Length == 2;
            if (inDomain && arguments[1] != "--domain") return "unknown option '" + arguments[1] + "'";
            Action fault = DeliberateFaults.For(arguments[0]);
            if (fault is null) return "unknown fault kind '" + arguments[0] + "'";
            if (!inDomain)
            {
                if (arguments[0] == "hang") return "hang needs --domain (it would hang the shell)";
                fault();
                return "the fault did not happen";
            }
            var domain = new FaultDomain("fault-" + arguments[0], WatchdogMilliseconds);
            if (domain.StartThread("fault-" + arguments[0], fault, out string error) is null) return error;
            output.WriteLine("domain_started: " + domain.Id.ToString());
            return null;
        }
    }
}
