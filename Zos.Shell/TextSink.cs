namespace Zos.Shell
{
    // Where command output goes: the serial console in the kernel, a buffer in host tests.
    public abstract class TextSink
    {
        public abstract void Write(string text);

        public void WriteLine(string text)
        {
            Write(text);
            Write("\n");
        }

        // A line saying something went wrong: the console shows it in red on the screen.
        public virtual void WriteErrorLine(string text) => WriteLine(text);
    }
}
