using System;
using Zos.Hal.Native;

namespace Zos.Hal.Memory
{
    // Physical memory as the kernel sees it through boot.asm's identity map:
    // every address in the first 4 GiB except page 0, which is left unmapped
    // so that null dereferences fault, and the windows mapped since above
    // 4 GiB: RAM (MapRam) and device registers the firmware put there
    // (MapDevice, such as UEFI's 64-bit BARs). Register accesses are mmio.asm's, one instruction of the
    // named width each; everything else is plain memory.
    public sealed unsafe class IdentityMappedMemory : PhysicalMemory
    {
        public const ulong MappedStart = 0x1000;
        public const ulong MappedEnd = 0x1_0000_0000UL;   // exclusive

        public static readonly IdentityMappedMemory Instance = new IdentityMappedMemory();

        private const ulong PageSize = 4096;
        // When the CPU does not say (CPUID 0x80000008): the width of every x86-64 CPU.
        private const int FallbackPhysicalAddressBits = 36;

        private readonly GrowableArray<MappedWindow> _windows = new GrowableArray<MappedWindow>();
        private PageMapper _mapper;

        private IdentityMappedMemory() { }

        // Once the frame allocator exists: what maps device windows.
        public void UseMapper(PageMapper mapper) => _mapper = mapper;

        // Above the identity map, the pages are mapped at their own address,
        // uncached, within the CPU's physical address width (Intel SDM vol. 2,
        // CPUID leaf 80000008H, EAX bits 7:0).
        public override string MapDevice(ulong address, ulong length)
        {
            if (Reaches(address, length, out string reason)) return null;
            if (address < MappedEnd) return reason;
            int bits = PhysicalAddressBits();
            if (length == 0 || address + length < address || address + length > 1UL << bits)
                return "0x" + address.ToString("x") + " + " + length.ToString() + " bytes is outside the CPU's " + bits.ToString() + "-bit physical address space";
            if (_mapper is null) return reason + " (nothing maps device windows yet)";
            ulong first = address & ~(PageSize - 1), end = (address + length + PageSize - 1) & ~(PageSize - 1);
            // The page tables are shared with the thread stacks' mapper: no switch in between.
            ulong flags = Cpu.DisableInterruptsSaving();
            string error = null;
            for (ulong page = first; page < end && error is null; page += PageSize)
                if (!_mapper.IsMapped(page)) error = _mapper.MapDevicePage(page);
            if (error is null) _windows.Add(new MappedWindow(first, end));
            Cpu.RestoreInterrupts(flags);
            return error is null ? null : "mapping 0x" + address.ToString("x") + " + " + length.ToString() + " bytes: " + error;
        }

        // A framebuffer where the firmware put it, write-combining when the CPU has a PAT (else as
        // mapped: write-back below 4 GiB, where the MTRRs decide, uncached above). How it is mapped, or
        // null with the reason it cannot be reached.
        public string MapFramebuffer(ulong address, ulong length, out string error)
        {
            error = MapDevice(address, length);
            if (error is not null) return null;
            if (_mapper is null || !PageAttributeTable.TrySelectWriteCombining())
                return address < MappedEnd ? "write-back (the MTRRs decide)" : "uncached";
            ulong flags = Cpu.DisableInterruptsSaving();
            string problem = _mapper.SetWriteCombining(address, address + length);
            Cpu.RestoreInterrupts(flags);
            return problem is null ? "write-combining" : "not write-combining (" + problem + ")";
        }

        public bool IsWriteCombining(ulong address) => _mapper is not null && _mapper.IsWriteCombining(address);

        // RAM above the identity map, at its own address (write-back); null, or why not.
        public string MapRam(ulong start, ulong end)
        {
            if (start < MappedEnd || _mapper is null) return "RAM at 0x" + start.ToString("x") + " is not above the identity map, or nothing maps yet";
            ulong flags = Cpu.DisableInterruptsSaving();
            string error = _mapper.MapRam(start, end);
            if (error is null) _windows.Add(new MappedWindow(start, end));
            Cpu.RestoreInterrupts(flags);
            return error;
        }

        private static int PhysicalAddressBits() =>
            Cpu.Cpuid(0x8000_0000).Eax >= 0x8000_0008 ? (int)(Cpu.Cpuid(0x8000_0008).Eax & 0xFF) : FallbackPhysicalAddressBits;

        private bool InMappedWindow(ulong address, ulong length)
        {
            for (int i = 0; i < _windows.Count; i++)
                if (address >= _windows[i].Start && length <= _windows[i].End - address) return true;
            return false;
        }

        private readonly struct MappedWindow(ulong start, ulong end)
        {
            public ulong Start { get; } = start;
            public ulong End { get; } = end;
        }

        // Anything outside the map is refused with a reason instead of being touched, since touching it would fault.
        public override bool Reaches(ulong address, ulong length, out string reason)
        {
            if (address >= MappedEnd && InMappedWindow(address, length))
                reason = null;
            else if (address < MappedStart)
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
