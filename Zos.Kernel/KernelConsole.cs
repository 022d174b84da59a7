using Zos.Hal.Serial;

namespace Zos.Kernel
{
    // The serial console: where the shell, logs and panic reports go. Output
    // uses CR LF line ends. Input (serial and keyboards) is Input.ConsoleInput's.
    public static class KernelConsole
    {
        private static SerialPort s_port;

        public static SerialPort Port => s_port;

        public static void Initialize()
        {
            s_port = new SerialPort(SerialPort.Com1);
            s_port.Initialize();
        }

        public static void Write(string text)
        {
            if (text is null) return;
            for (int i = 0; i < text.Length; i++)
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
    }
}
