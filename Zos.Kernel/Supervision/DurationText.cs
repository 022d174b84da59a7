namespace Zos.Kernel.Supervision
{
    internal static class DurationText
    {
        // Whole milliseconds, for messages: "1500 ms".
        public static string Milliseconds(ulong nanoseconds) => (nanoseconds / 1_000_000UL).ToString() + " ms";
    }
}
