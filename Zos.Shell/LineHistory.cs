namespace Zos.Shell
{
    // The lines entered before, newest last, at most Capacity of them: the
    // oldest goes when a new one comes. A line equal to the newest is not kept
    // twice; empty lines are not kept.
    public sealed class LineHistory
    {
        private readonly string[] _lines;
        private int _first, _count;

        public LineHistory(int capacity)
        {
            _lines = new string[capacity];
        }

        public int Capacity => _lines.Length;
        public int Count => _count;

        public void Add(string line)
        {
            if (line.Length == 0 || (_count > 0 && Back(0) == line)) return;
            if (_count == _lines.Length)
            {
                _first = (_first + 1) % _lines.Length;
                _count--;
            }
            _lines[(_first + _count) % _lines.Length] = line;
            _count++;
        }

        // stepsBack 0 is the newest line, Count - 1 the oldest.
        public string Back(int stepsBack) => _lines[(_first + _count - 1 - stepsBack) % _lines.Length];
    }
}
