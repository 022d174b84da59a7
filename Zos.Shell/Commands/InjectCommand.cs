using Zos.Drivers.Edu;
using Zos.Hal.Drivers;
using Zos.Kernel.Hosting;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // Makes a running driver commit one kind of crash, to watch the supervisor
    // contain it and restart the driver (see drivers, caps). The driver does it
    // itself, on request: block drivers pick the fault up from their context
    // (DriverContext.TakeInjectedFault), edu takes it as a request on its channel.
    public sealed class InjectCommand : ShellCommand
    {
        public const string Kinds = "throw|null|hang|stall|port|mmio|oom";

        public override string Name => "inject";
        public override string Usage => "inject <driver> " + Kinds;
        public override string Summary => "make a running driver crash in one way (contained and restarted)";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 2) return "inject takes a driver name and a kind";
            DriverInstance instance = DriverHost.Find(arguments[0]);
            if (instance is null) return "no driver named '" + arguments[0] + "'";
            if (!TryParse(arguments[1], out InjectedFault fault, out EduOperation operation)) return "unknown kind '" + arguments[1] + "'";
            int incarnation = instance.Supervised?.Incarnation ?? 0;
            string error = instance.Registration.ServesBlockDevice ? instance.Inject(fault) : EduClient.Send(instance, operation, 0);
            if (error is not null) return error;
            output.WriteLine("injected: " + arguments[1] + " into " + instance.Name + " incarnation " + incarnation.ToString());
            return null;
        }

        private static bool TryParse(string kind, out InjectedFault fault, out EduOperation operation)
        {
            switch (kind)
            {
                case "throw": (fault, operation) = (InjectedFault.Throw, EduOperation.InjectThrow); return true;
                case "null": (fault, operation) = (InjectedFault.NullDereference, EduOperation.InjectNullDereference); return true;
                case "hang": (fault, operation) = (InjectedFault.Hang, EduOperation.InjectHang); return true;
                case "stall": (fault, operation) = (InjectedFault.Stall, EduOperation.InjectStall); return true;
                case "port": (fault, operation) = (InjectedFault.OutsideGrant, EduOperation.InjectPortAccess); return true;
                case "mmio": (fault, operation) = (InjectedFault.OutsideGrant, EduOperation.InjectMmioOutOfRange); return true;
                case "oom": (fault, operation) = (InjectedFault.OutOfMemory, EduOperation.InjectOutOfMemory); return true;
                default: (fault, operation) = (InjectedFault.None, default); return false;
            }
        }
    }
}
