using Zos.Hal.Memory;
using Zos.Kernel.Screen;

namespace Zos.SelfTests
{
    // The screen's framebuffer is mapped write-combining: the PAT's entry 1 is
    // WC, and its first, middle and last pages select that entry (PWT set,
    // PCD clear), while the page after it keeps its type.
    public sealed class FramebufferWriteCombiningTest : KernelTest
    {
        public override string Name => "memory.framebuffer_write_combining";

        public override string Run()
        {
            ulong start = KernelScreen.FramebufferAddress, bytes = KernelScreen.FramebufferBytes;
            if (bytes == 0) return null;        // EGA text, or no screen: nothing was mapped
            if (KernelScreen.FramebufferCaching != "write-combining") return "the framebuffer is mapped " + KernelScreen.FramebufferCaching;
            if (PageAttributeTable.ReadWriteCombiningEntry() != 0x01)
                return "PAT entry 1 is 0x" + PageAttributeTable.ReadWriteCombiningEntry().ToString("x2") + ", not write-combining (0x01)";
            IdentityMappedMemory memory = IdentityMappedMemory.Instance;
            ulong last = start + bytes - 1;
            if (!memory.IsWriteCombining(start) || !memory.IsWriteCombining(start + bytes / 2) || !memory.IsWriteCombining(last))
                return "a page of the framebuffer at 0x" + start.ToString("x") + " + " + bytes.ToString() + " is not write-combining";
            ulong after = (last | 0xFFF) + 1;
            return Expect(!memory.IsWriteCombining(after), "the page after the framebuffer (0x" + after.ToString("x") + ") became write-combining too");
        }
    }
}
