using System;

namespace Zos.Hal.Drivers
{
    // Marks a Driver class and names it (for the shell and the logs). With the
    // Drives* and Needs* attributes it is the driver's manifest: what it
    // drives and the resources it needs, read at build time (the kernel has no
    // reflection) into a DriverManifest.
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
