using System;
using Zos.Hal;
using Zos.Hal.Memory;
using Zos.Hal.Timing;
using Zos.Kernel.Boot;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Screen
{
    // The screen console: the framebuffer GRUB set up (or its EGA text screen)
    // showing what KernelConsole writes, in the font the image carries as its
    // "font" boot module. None of it is needed to boot: without a usable screen
    // or font the kernel says why on serial and runs serial-only.
    // Writers only update the grid, with interrupts off for as long as that
    // takes (so interrupt handlers may write, and no lock can be left held); the
    // "screen" thread draws, at most once per frame (10 ms, or as long as the
    // last frame took), so a burst of output is drawn in a few frames rather
    // than line by line. Before the scheduler runs, each write is drawn at
    // once. A panic draws its report itself.
    public static unsafe class KernelScreen
    {
        public const string FontModuleName = "font";
        private const int FrameMilliseconds = 10;
        private const ulong EgaTextAddress = 0xB8000;

        private static ScreenConsole s_console;
        private static string s_description = "no screen";
        private static readonly KernelEvent s_changed = new KernelEvent(autoReset: true);
        private static KernelThread s_drawingThread;
        private static bool s_drawing;
        private static ulong s_lastFrameNanoseconds;
        private static bool s_stopping;

        public static bool IsPresent => s_console is not null;

        // What the screen is, or why there is none; for the shell's `screen`.
        public static string Description => s_description;

        // The framebuffer's memory and how it is mapped (write-combining...); 0 and null without one.
        public static ulong FramebufferAddress { get; private set; }
        public static ulong FramebufferBytes { get; private set; }
        public static string FramebufferCaching { get; private set; }

        public static ulong FramesDrawn => s_console is null ? 0 : s_console.FramesDrawn;

        // CPU time (TSC ticks) the drawing thread has used.
        public static ulong DrawingCpuTicks => s_drawingThread is null ? 0 : s_drawingThread.CpuTicks;

        // Null when the screen works or there is none; else why it is not used (a warning for serial).
        public static string Initialize(Multiboot2Info boot)
        {
            FramebufferInfo framebuffer = boot.Framebuffer;
            if (framebuffer is null) return null;
            TextSurface surface;
            string error = framebuffer.Kind == FramebufferKind.EgaText ? MakeEgaSurface(framebuffer, out surface) : MakeFramebufferSurface(framebuffer, boot, out surface);
            if (error is not null)
            {
                s_description = "no screen: " + framebuffer.Describe() + ": " + error;
                return "screen not used: " + framebuffer.Describe() + ": " + error;
            }
            s_console = new ScreenConsole(surface);
            s_description = surface.Describe() + "; " + framebuffer.Describe() + (FramebufferCaching is null ? "" : ", " + FramebufferCaching);
            DrawNow();
            return null;
        }

        private static string MakeEgaSurface(FramebufferInfo framebuffer, out TextSurface surface)
        {
            surface = null;
            if (framebuffer.Address != EgaTextAddress || framebuffer.Width == 0 || framebuffer.Height == 0 || framebuffer.Width * framebuffer.Height > 0x4000)
                return "not the EGA text screen at 0xb8000";
            var cursor = new VgaTextCursor((int)framebuffer.Width);
            cursor.ShowAsUnderline();
            surface = new EgaTextSurface((ushort*)EgaTextAddress, (int)framebuffer.Width, (int)framebuffer.Height, cursor.MoveTo);
            return null;
        }

        private static string MakeFramebufferSurface(FramebufferInfo framebuffer, Multiboot2Info boot, out TextSurface surface)
        {
            surface = null;
            if (framebuffer.Kind != FramebufferKind.Rgb) return "only RGB framebuffers are drawn";
            if (framebuffer.SizeBytes > int.MaxValue || framebuffer.Width > int.MaxValue / 4) return "too large";
            if (!TryLoadFont(boot, out PsfFont font, out string error)) return error;
            var format = new PixelFormat(framebuffer.BitsPerPixel, framebuffer.Red.Position, framebuffer.Red.Size,
                framebuffer.Green.Position, framebuffer.Green.Size, framebuffer.Blue.Position, framebuffer.Blue.Size);
            error = FramebufferTextSurface.Problem((int)framebuffer.Width, (int)framebuffer.Height, (int)framebuffer.Pitch, format, font);
            if (error is not null) return error;
            FramebufferCaching = IdentityMappedMemory.Instance.MapFramebuffer(framebuffer.Address, framebuffer.SizeBytes, out error);
            if (error is not null) return error;
            (FramebufferAddress, FramebufferBytes) = (framebuffer.Address, framebuffer.SizeBytes);
            surface = new FramebufferTextSurface((byte*)framebuffer.Address, (int)framebuffer.Width, (int)framebuffer.Height, (int)framebuffer.Pitch, format, font);
            return null;
        }

        private static bool TryLoadFont(Multiboot2Info boot, out PsfFont font, out string error)
        {
            BootModule[] modules = boot.Modules;
            for (int i = 0; i < modules.Length; i++)
                if (modules[i].Name == FontModuleName)
                {
                    if (PsfFont.TryParse(new ReadOnlySpan<byte>((void*)modules[i].Start, (int)modules[i].Length), out font, out error)) return true;
                    error = "the font module: " + error;
                    return false;
                }
            font = null;
            error = "no \"" + FontModuleName + "\" boot module to draw text with";
            return false;
        }

        // Once the scheduler runs: from here on the screen thread draws.
        public static string StartDrawingThread()
        {
            if (s_console is null) return null;
            // Normal, as drivers and the shell: above them, a long frame could starve a driver into its watchdog.
            s_drawingThread = Scheduler.Start("screen", DrawLoop, ThreadPriority.Normal, null, out string error);
            s_changed.Set();
            return s_drawingThread is null ? "no screen thread, the screen stays as it is: " + error : null;
        }

        // Safe anywhere, interrupt handlers included: no allocation, no lock that can block.
        public static void Write(ReadOnlySpan<char> text, ConsoleStyle style)
        {
            if (s_console is null) return;
            ulong flags = Cpu.DisableInterruptsSaving();
            s_console.Write(text, style);
            Cpu.RestoreInterrupts(flags);
            // Stopping, the scheduler may be what failed: ShowLastWords draws.
            if (s_stopping) return;
            if (s_drawingThread is not null) s_changed.Set();
            else if (!Scheduler.IsRunning) DrawNow();
        }

        // Draws what changed, unless another thread is drawing (false then).
        public static bool DrawNow()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            if (s_drawing)
            {
                Cpu.RestoreInterrupts(flags);
                return false;
            }
            s_drawing = true;
            s_console.TakeSnapshot();
            Cpu.RestoreInterrupts(flags);
            ulong start = TimestampClock.NanosecondsSinceBoot;
            s_console.DrawSnapshot();
            s_lastFrameNanoseconds = TimestampClock.NanosecondsSinceBoot - start;
            s_drawing = false;
            return true;
        }

        // Returns once everything written so far is on the screen.
        public static void WaitUntilDrawn()
        {
            if (s_console is null) return;
            while (true)
            {
                ulong flags = Cpu.DisableInterruptsSaving();
                bool pending = s_drawing || s_console.HasChanges;
                Cpu.RestoreInterrupts(flags);
                if (!pending) return;
                s_changed.Set();
                Scheduler.Sleep(1);
            }
        }

        // The machine is stopping (a panic, or a boot that cannot go on), interrupts
        // disabled: the last words go on the screen whatever the drawing thread
        // was doing, since it never runs again. Once only, so that a fault while
        // drawing them cannot come back here.
        public static void ShowLastWords(ReadOnlySpan<char> text, ConsoleStyle style)
        {
            if (s_console is null || s_stopping) return;
            s_stopping = true;
            s_console.RecoverFromInterruption();
            s_console.Write(text, style);
            s_console.TakeSnapshot();
            s_console.DrawSnapshot();
        }

        private static void DrawLoop()
        {
            while (true)
            {
                s_changed.Wait();
                while (!DrawNow()) Scheduler.Sleep(FrameMilliseconds);
                // A frame that took long (scrolling, under emulation) waits as long again: drawing gets at most
                // half the CPU. Its own drawing only: waiting for another drawer does not count.
                ulong took = s_lastFrameNanoseconds / 1_000_000;
                Scheduler.Sleep(took > FrameMilliseconds ? (int)took : FrameMilliseconds);
            }
        }
    }
}
