using Zos.Hal.Power;

namespace Zos.Shell.Commands
{
    public sealed class HaltCommand : ShellCommand
    {
        public override string Name => "halt";
        public override string Usage => "halt";
        public override string Summary => "power off";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            output.WriteLine("halting");
            PowerControl.PowerOff();
            return null;
        }
    }
}
