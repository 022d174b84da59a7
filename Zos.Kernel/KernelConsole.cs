using System;
using Zos.Hal.Serial;
using Zos.Kernel.Screen;

namespace Zos.Kernel
{
    // The console: where the shell, logs and panic reports go. Output goes to
    // the serial port (CR LF line ends), if there is one, and to the screen, if there is one
    // (KernelScreen, which interprets the ANSI sequences the text carries).
    // Input (serial and keyboards) is Input.ConsoleInput's.
    public static class KernelConsole
    {
        private static SerialPort s_port;

        public static SerialPort Port => s_port;

        public static void Initialize()
        {
            s_port = new SerialPort(SerialPort.Com1);
            s_port.Initialize();
        }

        public static void Write(string text) => Write(text, ConsoleStyle.Normal);

        // The style colours the text on the screen only: serial gets the text as it is.
        public static void Write(string text, ConsoleStyle style)
        {
            if (text is null) return;
            WriteSerial(text.AsSpan());
            KernelScreen.Write(text.AsSpan(), style);
        }

        // Serial only (a panic report goes there before the screen is tried).
        public static void WriteSerial(ReadOnlySpan<char> text)
        {
            for (int i = 0; s_port.IsPresent && i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') s_port.WriteByte((byte)'\r');
                s_port.WriteByte(c < 128 ? (byte)c : (byte)'?');
            }
        }

        public static void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }

        public static void WriteLine() => Write("\n");

        public static void WriteLine(string text, ConsoleStyle style)
        {
            Write(text, style);
            Write("\n");
        }
    }
}
