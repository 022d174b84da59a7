namespace Zos.Kernel.Boot
{
    // The kernel's command line as words separated by spaces: "key=value"
    // options and bare flags ("quiet"). A later word overrides an earlier one
    // with the same key, so that a boot menu can append to a default line.
    public sealed class KernelCommandLine
    {
        private readonly string[] _keys;
        private readonly string[] _values;   // null for a bare flag

        private KernelCommandLine(string[] keys, string[] values)
        {
            _keys = keys;
            _values = values;
        }

        public int Count => _keys.Length;

        // Words with an empty key ("=value") are skipped.
        public static KernelCommandLine Parse(string text)
        {
            if (text is null) text = "";
            int words = CountWords(text);
            var keys = new string[words];
            var values = new string[words];
            int count = 0;
            int start = 0;
            while (start < text.Length)
            {
                if (text[start] == ' ')
                {
                    start++;
                    continue;
                }
                int end = start;
                int equals = -1;
                while (end < text.Length && text[end] != ' ')
                {
                    if (text[end] == '=' && equals < 0) equals = end;
                    end++;
                }
                if (equals < 0)
                {
                    count = Set(keys, values, count, text.Substring(start, end - start), null);
                }
                else if (equals > start)
                {
                    count = Set(keys, values, count, text.Substring(start, equals - start), text.Substring(equals + 1, end - equals - 1));
                }
                start = end;
            }
            return new KernelCommandLine(Truncate(keys, count), Truncate(values, count));
        }

        // The value of a "key=value" word; a bare flag has none.
        public bool TryGet(string key, out string value)
        {
            int index = IndexOf(key);
            value = index >= 0 ? _values[index] : null;
            return value != null;
        }

        // Whether the word appears at all, as a bare flag or with a value.
        public bool Has(string flag) => IndexOf(flag) >= 0;

        public string KeyAt(int index) => _keys[index];

        // Null for a bare flag.
        public string ValueAt(int index) => _values[index];

        private int IndexOf(string key)
        {
            for (int i = 0; i < _keys.Length; i++)
                if (_keys[i] == key) return i;
            return -1;
        }

        // Stores a word, replacing an earlier one with the same key; returns the new count.
        private static int Set(string[] keys, string[] values, int count, string key, string value)
        {
            for (int i = 0; i < count; i++)
            {
                if (keys[i] == key)
                {
                    values[i] = value;
                    return count;
                }
            }
            keys[count] = key;
            values[count] = value;
            return count + 1;
        }

        private static int CountWords(string text)
        {
            int words = 0;
            for (int i = 0; i < text.Length; i++)
                if (text[i] != ' ' && (i == 0 || text[i - 1] == ' ')) words++;
            return words;
        }

        private static string[] Truncate(string[] items, int count)
        {
            var result = new string[count];
            for (int i = 0; i < count; i++) result[i] = items[i];
            return result;
        }
    }
}
