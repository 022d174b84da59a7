using Zos.Hal.Drivers;
using Zos.Kernel.Hosting;
using Zos.Kernel.Threading;

namespace Zos.Shell.Commands
{
    // Makes a running driver commit one kind of crash, to watch the supervisor
    // contain it and restart the driver (see drivers, caps). The driver does it
    // itself, on request: every driver picks the fault up from its context
    // (DriverContext.TakeInjectedFault). A stalled driver is caught by the
    // deadline of the next request it is handed.
    public sealed class InjectCommand : ShellCommand
    {
        public const string Kinds = "throw|null|hang|stall|port|mmio|oom|dma";
        public const int TakeTimeoutMilliseconds = 1000;
        private const int PollMilliseconds = 5;

        public override string Name => "inject";
        public override string Usage => "inject <driver> " + Kinds;
        public override string Summary => "make a running driver crash in one way (contained and restarted)";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 2) return "inject takes a driver name and a kind";
            DriverInstance instance = DriverHost.Find(arguments[0]);
            if (instance is null) return "no driver named '" + arguments[0] + "'";
            InjectedFault fault = Parse(arguments[1]);
            if (fault == InjectedFault.None) return "unknown kind '" + arguments[1] + "'";
            int incarnation = instance.Supervised?.Incarnation ?? 0;
            DriverIncarnation current = instance.Current;
            string error = instance.Inject(fault);
            if (error is not null) return error;
            // A driver takes the fault when it next looks; one that does not (stalled, or busy for long) is named so.
            for (int waited = 0; current.FaultPending && waited < TakeTimeoutMilliseconds; waited += PollMilliseconds)
                Scheduler.Sleep(PollMilliseconds);
            string where = arguments[1] + " into " + instance.Name + " incarnation " + incarnation.ToString();
            output.WriteLine(current.FaultPending
                ? "pending: " + where + ", not taken within " + TakeTimeoutMilliseconds.ToString() + " ms (the driver is not looking: stalled or busy)"
                : "injected: " + where);
            return null;
        }

        private static InjectedFault Parse(string kind) => kind switch
        {
            "throw" => InjectedFault.Throw,
            "null" => InjectedFault.NullDereference,
            "hang" => InjectedFault.Hang,
            "stall" => InjectedFault.Stall,
            "port" => InjectedFault.UngrantedPorts,
            "mmio" => InjectedFault.OutsideGrant,
            "oom" => InjectedFault.OutOfMemory,
            "dma" => InjectedFault.StrayDma,
            _ => InjectedFault.None,
        };
    }
}
