using Zos.Kernel;
namespace Zos.Shell
{
    // Reads one line from the serial console with echo and backspace. CR, LF
    // and CR LF all end a line; non-printable bytes are ignored.
    public sealed class LineReader
    {
        private const int MaxLength = 256;
        private readonly char[] _buffer = new char[MaxLength];
        private bool _lastWasCarriageReturn;

        public string ReadLine()
        {
            int length = 0;
            while (true)
            {
                byte b = KernelConsole.ReadByte();
                bool skip = b == (byte)'\n' && _lastWasCarriageReturn;
                _lastWasCarriageReturn = b == (byte)'\r';
                if (skip) continue;
                if (b == (byte)'\r' || b == (byte)'\n')
                {
                    KernelConsole.WriteLine();
                    return new string(_buffer, 0, length);
                }
                if ((b == 0x7F || b == 0x08) && length > 0)
                {
                    length--;
                    KernelConsole.Write("\b \b");
                }
                else if (b >= 0x20 && b < 0x7F && length < MaxLength)
                {
                    _buffer[length++] = (char)b;
                    KernelConsole.Port.WriteByte(b);
                }
            }
        }
    }
}
