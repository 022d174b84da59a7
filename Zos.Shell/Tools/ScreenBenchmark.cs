using Zos.Hal.Timing;
using Zos.Kernel.Screen;

namespace Zos.Shell.Tools
{
    // What printing costs on the screen: the same lines written to the screen
    // only, first as a program prints them, drawn by the screen thread frame by
    // frame, then drawn one line at a time (a scroll and a line of glyphs each:
    // the worst case); then to the console as the shell prints (serial and
    // screen), with the CPU time the screen thread took meanwhile. Each time
    // ends when everything is on the screen.
    public static class ScreenBenchmark
    {
        public static string Run(int lines, TextSink output)
        {
            if (!KernelScreen.IsPresent) return "there is no screen (" + KernelScreen.Description + ")";
            var text = new string[lines];
            for (int i = 0; i < lines; i++) text[i] = "screen bench line " + (i + 1).ToString() + " of " + lines.ToString() + ": the quick brown fox jumps over the lazy dog\n";
            KernelScreen.WaitUntilDrawn();

            ulong frames = KernelScreen.FramesDrawn;
            ulong start = TimestampClock.NanosecondsSinceBoot;
            for (int i = 0; i < lines; i++) KernelScreen.Write(text[i], Zos.Kernel.ConsoleStyle.Normal);
            KernelScreen.WaitUntilDrawn();
            ulong framed = TimestampClock.NanosecondsSinceBoot - start;
            frames = KernelScreen.FramesDrawn - frames;

            start = TimestampClock.NanosecondsSinceBoot;
            for (int i = 0; i < lines; i++)
            {
                KernelScreen.Write(text[i], Zos.Kernel.ConsoleStyle.Normal);
                while (!KernelScreen.DrawNow()) Zos.Kernel.Threading.Scheduler.Yield();
            }
            KernelScreen.WaitUntilDrawn();
            ulong oneByOne = TimestampClock.NanosecondsSinceBoot - start;

            ulong consoleFrames = KernelScreen.FramesDrawn, drawingTicks = KernelScreen.DrawingCpuTicks;
            start = TimestampClock.NanosecondsSinceBoot;
            for (int i = 0; i < lines; i++) output.Write(text[i]);
            KernelScreen.WaitUntilDrawn();
            ulong console = TimestampClock.NanosecondsSinceBoot - start;
            consoleFrames = KernelScreen.FramesDrawn - consoleFrames;
            drawingTicks = KernelScreen.DrawingCpuTicks - drawingTicks;

            output.WriteLine("screen: " + KernelScreen.Description);
            output.WriteLine("lines: " + lines.ToString());
            output.WriteLine("printed_ms: " + Milliseconds(framed));
            output.WriteLine("printed_frames: " + frames.ToString());
            output.WriteLine("line_by_line_ms: " + Milliseconds(oneByOne));
            output.WriteLine("line_by_line_us_per_line: " + (oneByOne / 1000 / (ulong)lines).ToString());
            output.WriteLine("console_ms: " + Milliseconds(console));
            output.WriteLine("console_frames: " + consoleFrames.ToString());
            output.WriteLine("console_screen_thread_cpu_ms: " + Milliseconds(drawingTicks * 1_000_000_000 / TimestampClock.TicksPerSecond));
            return null;
        }

        private static string Milliseconds(ulong nanoseconds) =>
            (nanoseconds / 1_000_000).ToString() + "." + (nanoseconds / 100_000 % 10).ToString();
    }
}
