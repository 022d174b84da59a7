using System;

namespace Zos.Hal.Drivers
{
    // How the kernel stops the device when an incarnation of the driver ends
    // (a crash, a hang, a stop): one 32-bit register write in a BAR the driver
    // declares with [NeedsMmio], then, when StoppedRegister is set, a wait
    // until (that register & StoppedMask) == StoppedValue. The kernel does it
    // itself, after the driver's threads are gone (its code is not trusted
    // then) and before bus mastering goes off and the driver's DMA memory and
    // lent buffers move on. NVMe: CC := 0 resets the controller, which
    // abandons every command in flight, and CSTS.RDY reads 0 when it is done.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class StopsDeviceAttribute : Attribute
    {
        public StopsDeviceAttribute(int bar, int register, uint value)
        {
            Bar = bar;
            Register = register;
            Value = value;
        }

        public int Bar { get; }
        // Byte offset of the register in the BAR (4-aligned).
        public int Register { get; }
        public uint Value { get; }
        // -1: no wait; the write is all.
        public int StoppedRegister { get; set; } = -1;
        public uint StoppedMask { get; set; }
        public uint StoppedValue { get; set; }
        // How long the device may take to show it stopped (1-10000 ms).
        public int TimeoutMilliseconds { get; set; } = 1000;
    }
}
