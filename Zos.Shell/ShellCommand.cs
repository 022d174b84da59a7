namespace Zos.Shell
{
    // One shell command. Output is plain "key: value" lines where that makes
    // sense, so that programs driving the shell over serial can parse it. A
    // command reports bad arguments by returning an error message (null = success).
    public abstract class ShellCommand
    {
        public abstract string Name { get; }

        public abstract string Usage { get; }

        public abstract string Summary { get; }

        // False for commands that take none: the shell then refuses arguments
        // for them ("x takes no arguments") and Execute never sees any.
        public virtual bool TakesArguments => true;

        public abstract string Execute(string[] arguments, TextSink output);
    }
}
