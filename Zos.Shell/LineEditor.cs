using System;
using Zos.Hal.Drivers.Input;

namespace Zos.Shell
{
    // Reads one line from a key source (the console's keystrokes: serial
    // terminal and keyboard alike), edited in place. Keys: text is inserted at
    // the cursor; Backspace and Delete erase before and under it; Left, Right,
    // Home and End move it; Up and Down walk the history (the line being typed
    // is kept while walking; edits to a recalled line last until the next Up
    // or Down); Enter ends the line and Ctrl-C abandons it (an empty line,
    // echoed as ^C). Everything else is ignored.
    //
    // The echo speaks VT100/ANSI, which serial terminals and the screen console
    // both interpret: \b, ESC [ n D and ESC [ n C to move, ESC [ K to erase to
    // the end of the line. Typing at the end of a line echoes just the
    // characters (and "\b \b" for Backspace), as a dumb terminal expects.
    //
    // A line longer than MaxLength is refused whole once it ends, never cut to
    // a different command: past the limit nothing more is echoed or kept.
    public sealed class LineEditor
    {
        public const int MaxLength = 256;
        public const int HistoryLines = 32;

        private readonly Func<KeyStroke> _read;
        private readonly TextSink _echo;
        private readonly char[] _buffer = new char[MaxLength];
        private int _length, _cursor;
        private bool _tooLong;
        // Which history line is shown: -1 for the line being typed (kept in _draft).
        private int _recalled;
        private string _draft;

        public LineEditor(Func<KeyStroke> read, TextSink echo)
        {
            _read = read;
            _echo = echo;
        }

        public LineHistory History { get; } = new LineHistory(HistoryLines);

        // The line, or null with the reason when it was too long.
        public string ReadLine(out string error)
        {
            _length = 0;
            _cursor = 0;
            _tooLong = false;
            _recalled = -1;
            while (true)
            {
                KeyStroke key = _read();
                if (key.IsText) Insert(key.Character);
                else if (key.IsControl('c'))
                {
                    _echo.Write("^C\n");
                    error = null;
                    return "";
                }
                else if (key.Key == Key.Enter)
                {
                    _echo.Write("\n");
                    error = _tooLong ? "line too long: the shell takes at most " + MaxLength.ToString() + " characters" : null;
                    if (_tooLong) return null;
                    string line = new string(_buffer, 0, _length);
                    History.Add(line);
                    return line;
                }
                else Edit(key.Key);
            }
        }

        private void Edit(Key key)
        {
            switch (key)
            {
                case Key.Backspace:
                    if (_cursor == 0) return;
                    _cursor--;
                    Remove(_cursor);
                    if (_cursor == _length) _echo.Write("\b \b");
                    else
                    {
                        _echo.Write("\b");
                        RedrawTail();
                    }
                    return;
                case Key.Delete:
                    if (_cursor == _length) return;
                    Remove(_cursor);
                    RedrawTail();
                    return;
                case Key.Left: MoveTo(_cursor - 1); return;
                case Key.Right: MoveTo(_cursor + 1); return;
                case Key.Home: MoveTo(0); return;
                case Key.End: MoveTo(_length); return;
                case Key.Up: Recall(_recalled + 1); return;
                case Key.Down: Recall(_recalled - 1); return;
            }
        }

        private void Insert(char character)
        {
            if (_length == MaxLength)
            {
                _tooLong = true;
                return;
            }
            for (int i = _length; i > _cursor; i--) _buffer[i] = _buffer[i - 1];
            _buffer[_cursor] = character;
            _length++;
            _cursor++;
            _echo.Write(character.ToString());
            if (_cursor < _length) RedrawTail();
        }

        private void Remove(int at)
        {
            for (int i = at; i < _length - 1; i++) _buffer[i] = _buffer[i + 1];
            _length--;
        }

        // The text from the cursor on, written again over the old, the rest of
        // the old line erased, and the cursor back where it was.
        private void RedrawTail()
        {
            int tail = _length - _cursor;
            if (tail > 0) _echo.Write(new string(_buffer, _cursor, tail));
            _echo.Write("\x1b[K");
            if (tail > 0) _echo.Write("\x1b[" + tail.ToString() + "D");
        }

        private void MoveTo(int position)
        {
            if (position < 0 || position > _length || position == _cursor) return;
            int distance = position > _cursor ? position - _cursor : _cursor - position;
            _echo.Write("\x1b[" + distance.ToString() + (position > _cursor ? "C" : "D"));
            _cursor = position;
        }

        // Shows history line `index` (0 the newest), or the line being typed for -1.
        private void Recall(int index)
        {
            if (index < -1 || index >= History.Count || index == _recalled) return;
            if (_recalled == -1) _draft = new string(_buffer, 0, _length);
            _recalled = index;
            string line = index == -1 ? _draft : History.Back(index);
            MoveTo(0);
            for (int i = 0; i < line.Length; i++) _buffer[i] = line[i];
            _length = line.Length;
            _cursor = _length;
            _tooLong = false;
            _echo.Write(line);
            _echo.Write("\x1b[K");
        }
    }
}
