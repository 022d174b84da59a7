namespace Zos.Shell.Tools
{
    // The data `blk write` writes and `blk verify` expects: the pattern's bytes
    // repeated from the first sector of the range on, so every sector of a range
    // differs from its neighbours unless the pattern's length divides 512.
    public static class BlockPattern
    {
        public static void Fill(byte[] buffer, string pattern)
        {
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)pattern[i % pattern.Length];
        }

        // The offset of the first byte that differs, or -1.
        public static int FirstMismatch(byte[] buffer, string pattern)
        {
            for (int i = 0; i < buffer.Length; i++)
                if (buffer[i] != (byte)pattern[i % pattern.Length]) return i;
            return -1;
        }

        // A pattern is 1-64 printable ASCII characters.
        public static string Check(string pattern)
        {
            if (pattern.Length == 0 || pattern.Length > 64) return "a pattern is 1-64 characters";
            for (int i = 0; i < pattern.Length; i++)
                if (pattern[i] < 0x21 || pattern[i] > 0x7E) return "a pattern is printable ASCII without spaces";
            return null;
        }
    }
}
