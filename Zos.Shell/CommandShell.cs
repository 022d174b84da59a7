namespace Zos.Shell
{
    // Runs command lines against a set of commands. Every line gets an answer:
    // the command's output, or one "error: ..." line; nothing a user types can
    // stop the shell.
    public sealed class CommandShell
    {
        public const string Prompt = "zos> ";

        private readonly ShellCommand[] _commands;

        public CommandShell(ShellCommand[] commands)
        {
            _commands = commands;
        }

        public ShellCommand[] Commands => _commands;

        public void Execute(string line, TextSink output)
        {
            if (!CommandLine.TrySplit(line, out string[] words, out string error))
            {
                output.WriteErrorLine("error: " + error);
                return;
            }
            if (words.Length == 0) return;
            ShellCommand command = Find(words[0]);
            if (command is null)
            {
                output.WriteErrorLine("error: unknown command '" + words[0] + "' (type help for the list)");
                return;
            }
            var arguments = new string[words.Length - 1];
            for (int i = 1; i < words.Length; i++) arguments[i - 1] = words[i];
            string failure = !command.TakesArguments && arguments.Length != 0
                ? command.Name + " takes no arguments"
                : command.Execute(arguments, output);
            if (failure is not null) output.WriteErrorLine("error: " + failure + " (usage: " + command.Usage + ")");
        }

        public ShellCommand Find(string name)
        {
            for (int i = 0; i < _commands.Length; i++)
                if (_commands[i].Name == name) return _commands[i];
            return null;
        }
    }
}
