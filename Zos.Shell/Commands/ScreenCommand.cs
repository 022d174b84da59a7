using Zos.Kernel.Screen;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // `screen`: what the screen console draws on, or why there is none.
    // `screen bench [lines]`: what printing that many lines (1000) costs on it.
    public sealed class ScreenCommand : ShellCommand
    {
        private const int DefaultBenchLines = 1000;
        private const int MaxBenchLines = 100_000;

        public override string Name => "screen";
        public override string Usage => "screen [bench [lines]]";
        public override string Summary => "describe the screen console, or time printing lines on it";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length == 0)
            {
                output.WriteLine("screen: " + KernelScreen.Description);
                output.WriteLine("frames_drawn: " + KernelScreen.FramesDrawn.ToString());
                return null;
            }
            if (arguments[0] != "bench") return "unknown screen action '" + arguments[0] + "'";
            if (arguments.Length > 2) return "screen bench takes at most a line count";
            ulong lines = DefaultBenchLines;
            if (arguments.Length == 2 && (!Zos.Kernel.DecimalArgument.TryParse(arguments[1], out lines) || lines == 0 || lines > MaxBenchLines))
                return "'" + arguments[1] + "' is not a line count (1-" + MaxBenchLines.ToString() + ")";
            return ScreenBenchmark.Run((int)lines, output);
        }
    }
}
