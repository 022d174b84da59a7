namespace Zos.Kernel
{
    // How a screen shows a piece of console text; serial gets the text alone, so
    // scripts reading serial see exactly what was written.
    public enum ConsoleStyle
    {
        Normal,
        Prompt,
        Error,
        Panic,
    }
}
