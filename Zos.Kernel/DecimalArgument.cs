namespace Zos.Kernel
{
    // A decimal number typed in the shell or given as a kernel option (the corlib has no number parsing).
    public static class DecimalArgument
    {
        // Digits only, at most 18 of them (no overflow); false otherwise.
        public static bool TryParse(string text, out ulong value)
        {
            value = 0;
            if (text is null || text.Length == 0 || text.Length > 18) return false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9') return false;
                value = value * 10 + (ulong)(c - '0');
            }
            return true;
        }
    }
}
