using System.Runtime.InteropServices;

namespace Zos.Kernel.Boot
{
    // What boot.asm hands to zos_kmain: the multiboot2 information, the
    // kernel image's bounds (from the linker script) and cpu.asm's interrupt stubs.
    [StructLayout(LayoutKind.Sequential)]
    public struct BootInfo
    {
        public ulong MultibootInfo;
        public ulong MultibootMagic;
        public ulong KernelStart;
        public ulong KernelEnd;
        public ulong InterruptStubs;
    }
}
