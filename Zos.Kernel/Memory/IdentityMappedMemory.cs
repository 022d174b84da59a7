using System;
using Zos.Hal.Memory;

namespace Zos.Kernel.Memory
{
    // Physical memory as the kernel sees it through boot.asm's identity map:
    // every address in the first 4 GiB except page 0, which is left unmapped
    // so that null dereferences fault. Anything outside is refused with a
    // reason instead of being touched, since touching it would fault.
    public sealed unsafe class IdentityMappedMemory : PhysicalMemory
    {
        public const ulong MappedStart = 0x1000;
        public const ulong MappedEnd = 0x1_0000_0000UL;   // exclusive

        public override bool TryRead(ulong address, int length, out ReadOnlySpan<byte> bytes, out string error)
        {
            bytes = default;
            if (length < 0)
            {
                error = "negative length " + length.ToString();
                return false;
            }
            if (address < MappedStart)
            {
                error = "0x" + address.ToString("x") + " is in page 0, which is not mapped";
                return false;
            }
            if (address >= MappedEnd || (ulong)length > MappedEnd - address)
            {
                error = "0x" + address.ToString("x") + " + " + length.ToString() + " bytes reaches above the 4 GiB the kernel maps";
                return false;
            }
            bytes = new ReadOnlySpan<byte>((void*)address, length);
            error = null;
            return true;
        }
    }
}
