namespace Zos.Shell
{
    public sealed class HelpCommand : ShellCommand
    {
        // Summaries start in this column; a usage that would reach closer than two spaces to it gets a
        // line of its own, with its summary on the next line in the column, so the two never run together.
        public const int SummaryColumn = 28;

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
            {
                string usage = commands[i].Usage;
                if (usage.Length + 2 > SummaryColumn)
                {
                    output.WriteLine(usage);
                    usage = "";
                }
                output.WriteLine(usage.PadRight(SummaryColumn) + commands[i].Summary);
            }
            return null;
        }
    }
}
