using System;

namespace Zos.Hal.Drivers
{
    // Marks a Driver class and names it (for the shell and the logs). With the
    // Drives*, Needs*, [Channel], [Restarts] and [Watchdog] attributes it is
    // the driver's manifest, written nowhere else: at build time a source
    // generator (Zos.ManifestGenerator) turns them into the image's catalog,
    // since the kernel has no reflection.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class DriverAttribute : Attribute
    {
        public DriverAttribute(string name)
        {
            Name = name;
        }

        public string Name { get; }

        // When set, instances are named by it and their number from 0 ("blk" →
        // blk0, blk1), the names their clients know (a block device takes its
        // driver instance's name). Otherwise the first instance takes the
        // driver's name and later ones add 1, 2, ...
        public string InstancePrefix { get; set; }
    }
}
