using System;
using Zos.Hal.Interrupts;
using Zos.Hal.Serial;
using Zos.Kernel.Screen;
using Zos.Kernel.Threading;

namespace Zos.Kernel
{
    // The console: where the shell, logs and panic reports go. Output goes to
    // the serial port (CR LF line ends) and to the screen, if there is one
    // (KernelScreen, which interprets the ANSI sequences the text carries);
    // input is read byte by byte (ASCII) from serial.
    public static class KernelConsole
    {
        private const byte SerialIrq = 4;

        private static SerialPort s_port;
        private static readonly KernelEvent s_dataArrived = new KernelEvent(autoReset: true);

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
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '\n') s_port.WriteByte((byte)'\r');
                s_port.WriteByte(c < 128 ? (byte)c : (byte)'?');
            }
            KernelScreen.Write(text.AsSpan(), style);
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

        // Blocks the calling thread between keystrokes: the UART raises IRQ 4
        // when a byte arrives, and its handler sets the event.
        public static byte ReadByte()
        {
            while (!s_port.HasData) s_dataArrived.Wait();
            return s_port.ReadByte();
        }

        public static void EnableInputInterrupt()
        {
            string error = IrqLines.AttachIsa(SerialIrq, new InputInterrupt());
            if (error is not null) WriteLine("warning: serial input will not work: " + error);
            s_port.EnableReceiveInterrupt();
        }

        // The byte stays in the UART for ReadByte; the handler only wakes the reader.
        private sealed class InputInterrupt : IrqHandler
        {
            public override bool Handle()
            {
                if (!s_port.HasData) return false;
                s_dataArrived.Set();
                return true;
            }
        }
    }
}
