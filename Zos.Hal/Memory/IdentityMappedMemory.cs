using System;
using Zos.Hal.Native;

namespace Zos.Hal.Memory
{
    // Physical memory as the kernel sees it through boot.asm's identity map:
    // every address in the first 4 GiB except page 0, which is left unmapped
    // so that null dereferences fault. Register accesses are mmio.asm's, one
    // instruction of the named width each; everything else is plain memory.
    public sealed unsafe class IdentityMappedMemory : PhysicalMemory
    {
        public const ulong MappedStart = 0x1000;
        public const ulong MappedEnd = 0x1_0000_0000UL;   // exclusive

        public static readonly IdentityMappedMemory Instance = new IdentityMappedMemory();

        private IdentityMappedMemory() { }

        // Anything outside the map is refused with a reason instead of being touched, since touching it would fault.
        public override bool Reaches(ulong address, ulong length, out string reason)
        {
            if (address < MappedStart)
                reason = "0x" + address.ToString("x") + " is in page 0, which is not mapped";
            else if (address >= MappedEnd || length > MappedEnd - address)
                reason = "0x" + address.ToString("x") + " + " + length.ToString() + " bytes reaches above the 4 GiB the kernel maps";
            else
                reason = null;
            return reason is null;
        }

        public override byte Read8(ulong address) => NativeMmio.Read8(address);
        public override ushort Read16(ulong address) => NativeMmio.Read16(address);
        public override uint Read32(ulong address) => NativeMmio.Read32(address);
        public override ulong Read64(ulong address) => NativeMmio.Read64(address);
        public override void Write8(ulong address, byte value) => NativeMmio.Write8(address, value);
        public override void Write16(ulong address, ushort value) => NativeMmio.Write16(address, value);
        public override void Write32(ulong address, uint value) => NativeMmio.Write32(address, value);
        public override void Write64(ulong address, ulong value) => NativeMmio.Write64(address, value);

        // Span copies go through the corlib's word-wise Memmove.
        public override void ReadBytes(ulong address, Span<byte> into) =>
            new ReadOnlySpan<byte>((void*)address, into.Length).CopyTo(into);

        public override void WriteBytes(ulong address, ReadOnlySpan<byte> from) =>
            from.CopyTo(new Span<byte>((void*)address, from.Length));

        public override void ZeroBytes(ulong address, ulong length)
        {
            // A span holds at most int.MaxValue bytes.
            const ulong Chunk = 1UL << 30;
            for (ulong done = 0; done < length; done += Chunk)
                new Span<byte>((void*)(address + done), (int)(length - done < Chunk ? length - done : Chunk)).Clear();
        }

        protected override ReadOnlySpan<byte> View(ulong address, int length) => new ReadOnlySpan<byte>((void*)address, length);
    }
}
