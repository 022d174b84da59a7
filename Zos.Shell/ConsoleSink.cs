using Zos.Kernel;

namespace Zos.Shell
{
    public sealed class ConsoleSink : TextSink
    {
        public override void Write(string text) => KernelConsole.Write(text);

        public override void WriteErrorLine(string text) => KernelConsole.WriteLine(text, ConsoleStyle.Error);
    }
}
