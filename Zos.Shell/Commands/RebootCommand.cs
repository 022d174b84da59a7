using Zos.Hal.Power;

namespace Zos.Shell.Commands
{
    public sealed class RebootCommand : ShellCommand
    {
        public override string Name => "reboot";
        public override string Usage => "reboot";
        public override string Summary => "reset the machine";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            output.WriteLine("rebooting");
            PowerControl.Reset();
            return null;
        }
    }
}
