using System;

namespace Zos.Shell
{
    // Reads one line from a byte source (the serial console in the kernel),
    // echoing it, with backspace. CR, LF and CR LF all end a line; other
    // non-printable bytes are ignored. A line longer than MaxLength is
    // refused whole once it ends, never cut to a different command: past the
    // limit nothing more is echoed or kept.
    public sealed class LineReader
    {
        public const int MaxLength = 256;

        private readonly Func<byte> _read;
        private readonly TextSink _echo;
        private readonly char[] _buffer = new char[MaxLength];
        private bool _lastWasCarriageReturn;

        public LineReader(Func<byte> read, TextSink echo)
        {
            _read = read;
            _echo = echo;
        }

        // The line, or null with the reason when it was too long.
        public string ReadLine(out string error)
        {
            int length = 0;
            bool tooLong = false;
            while (true)
            {
                byte b = _read();
                bool skip = b == (byte)'\n' && _lastWasCarriageReturn;
                _lastWasCarriageReturn = b == (byte)'\r';
                if (skip) continue;
                if (b == (byte)'\r' || b == (byte)'\n')
                {
                    _echo.Write("\n");
                    error = tooLong ? "line too long: the shell takes at most " + MaxLength.ToString() + " characters" : null;
                    return tooLong ? null : new string(_buffer, 0, length);
                }
                if ((b == 0x7F || b == 0x08) && length > 0)
                {
                    length--;
                    _echo.Write("\b \b");
                }
                else if (b >= 0x20 && b < 0x7F)
                {
                    if (length == MaxLength)
                    {
                        tooLong = true;
                        continue;
                    }
                    _buffer[length++] = (char)b;
                    _echo.Write(((char)b).ToString());
                }
            }
        }
    }
}
