using System;

namespace Zos.Hal.Drivers
{
    // The most managed heap an instance of the driver may hold at once: its
    // domain's memory quota. An allocation past it (after one collection) ends
    // the instance as a crash. Without this attribute a driver gets
    // DriverManifest.DefaultMemoryQuotaBytes.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class NeedsMemoryAttribute : Attribute
    {
        public NeedsMemoryAttribute(ulong bytes)
        {
            Bytes = bytes;
        }

        public ulong Bytes { get; }
    }
}
