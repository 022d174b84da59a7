using System;

namespace Zos.Hal.Drivers
{
    // The driver serves its clients over a DriverChannel that holds this many
    // requests: its public constructor takes that channel, and the kernel
    // opens it for every incarnation. Which protocol it speaks is the
    // channel's type (a block protocol channel makes its instances block
    // devices). A driver without clients has no such attribute and a
    // constructor without parameters.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class ChannelAttribute : Attribute
    {
        public ChannelAttribute(int capacity)
        {
            Capacity = capacity;
        }

        public int Capacity { get; }
    }
}
