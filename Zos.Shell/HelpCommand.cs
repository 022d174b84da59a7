namespace Zos.Shell
{
    public sealed class HelpCommand : ShellCommand
    {
        private CommandShell _shell;

        public override string Name => "help";
        public override string Usage => "help";
        public override string Summary => "list the commands";
        public override bool TakesArguments => false;

        // The shell and its commands refer to each other; the shell is attached once built.
        public void Attach(CommandShell shell) => _shell = shell;

        public override string Execute(string[] arguments, TextSink output)
        {
            ShellCommand[] commands = _shell.Commands;
            for (int i = 0; i < commands.Length; i++)
                output.WriteLine(commands[i].Usage.PadRight(28) + commands[i].Summary);
            return null;
        }
    }
}
