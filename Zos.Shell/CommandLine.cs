namespace Zos.Shell
{
    // Splits a shell line into words: spaces and tabs separate, double quotes
    // group ("a b" is one word). An unterminated quote is an error.
    public static class CommandLine
    {
        public const int MaxWords = 32;

        public static bool TrySplit(string line, out string[] words, out string error)
        {
            var found = new string[MaxWords];
            int count = 0;
            int i = 0;
            words = null;
            error = null;
            while (true)
            {
                while (i < line.Length && (line[i] == ' ' || line[i] == '\t')) i++;
                if (i >= line.Length) break;
                if (count == MaxWords)
                {
                    error = "too many words (at most 32)";
                    return false;
                }
                int start;
                if (line[i] == '"')
                {
                    start = ++i;
                    while (i < line.Length && line[i] != '"') i++;
                    if (i >= line.Length)
                    {
                        error = "unterminated quote";
                        return false;
                    }
                    found[count++] = line.Substring(start, i - start);
                    i++;
                }
                else
                {
                    start = i;
                    while (i < line.Length && line[i] != ' ' && line[i] != '\t') i++;
                    found[count++] = line.Substring(start, i - start);
                }
            }
            words = new string[count];
            for (int w = 0; w < count; w++) words[w] = found[w];
            return true;
        }
    }
}
