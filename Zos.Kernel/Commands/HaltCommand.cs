using Zos.Hal.Power;
using Zos.Kernel.Shell;

namespace Zos.Kernel.Commands
{
    public sealed class HaltCommand : ShellCommand
    {
        public override string Name => "halt";
        public override string Usage => "halt";
        public override string Summary => "power off";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 0) return "halt takes no arguments";
            output.WriteLine("halting");
            PowerControl.PowerOff();
            return null;
        }
    }
}
