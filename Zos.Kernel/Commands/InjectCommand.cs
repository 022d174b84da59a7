using Zos.Drivers.Edu;
using Zos.Kernel.Drivers;
using Zos.Kernel.Shell;

namespace Zos.Kernel.Commands
{
    // Makes a running driver commit one kind of crash, to watch the supervisor
    // contain it and restart the driver (see drivers, caps). The driver does it
    // itself, on request: only drivers that speak the edu protocol take them.
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
            EduOperation operation;
            switch (arguments[1])
            {
                case "throw": operation = EduOperation.InjectThrow; break;
                case "null": operation = EduOperation.InjectNullDereference; break;
                case "hang": operation = EduOperation.InjectHang; break;
                case "stall": operation = EduOperation.InjectStall; break;
                case "port": operation = EduOperation.InjectPortAccess; break;
                case "mmio": operation = EduOperation.InjectMmioOutOfRange; break;
                case "oom": operation = EduOperation.InjectOutOfMemory; break;
                default: return "unknown kind '" + arguments[1] + "'";
            }
            int incarnation = instance.Supervised?.Incarnation ?? 0;
            string error = EduClient.Send(instance, operation, 0);
            if (error is not null) return error;
            output.WriteLine("injected: " + arguments[1] + " into " + instance.Name + " incarnation " + incarnation.ToString());
            return null;
        }
    }
}
