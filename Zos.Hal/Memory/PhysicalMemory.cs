using System;

namespace Zos.Hal.Memory
{
    // Read access to physical memory by address. The kernel reads through its
    // identity map; host tests back it with byte arrays. An abstract class
    // rather than an interface because the kernel has no interface dispatch yet.
    public abstract class PhysicalMemory
    {
        // The bytes at [address, address + length), or false with the reason
        // when any of them cannot be read.
        public abstract bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes, out string error);
    }
}
