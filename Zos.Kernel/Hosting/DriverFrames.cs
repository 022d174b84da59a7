using Zos.Kernel.Diagnostics;

namespace Zos.Kernel.Hosting
{
    // Names the driver method that made the current call into the kernel (a
    // capability violation, context.Fail), for crash records: the first frame in
    // driver code, else the first outside the capability layer and the host.
    public static class DriverFrames
    {
        private const int FramesSearched = 16;

        public static string CallingMethod()
        {
            var frames = new ulong[FramesSearched];
            int count = Backtrace.FromHere(frames);
            string fallback = null;
            for (int i = 0; i < count; i++)
            {
                if (!Panic.Symbols.TryLookup(frames[i], out string name, out _)) continue;
                if (name.StartsWith("Zos.Drivers.")) return Panic.Symbols.Describe(frames[i]);
                if (fallback is null && !name.StartsWith("Zos.Kernel.") && !name.StartsWith("Zos.Hal.Capabilities."))
                    fallback = Panic.Symbols.Describe(frames[i]);
            }
            return fallback;
        }
    }
}
