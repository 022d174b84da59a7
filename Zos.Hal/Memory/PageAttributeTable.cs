namespace Zos.Hal.Memory
{
    // The page attribute table (Intel SDM vol. 3, 11.12): eight memory types a
    // page's PAT, PCD and PWT bits select among. At power-on its entry 1 (PWT
    // alone) is write-through, which nothing here uses; Zos makes it
    // write-combining, as Linux does, so that framebuffer writes are combined
    // into bursts (11.3: WC, uncached reads, writes buffered). MapDevicePage's
    // PCD|PWT still selects entry 3, uncached.
    public static class PageAttributeTable
    {
        private const uint PatMsr = 0x277;
        private const uint PatFeatureBit = 1u << 16;       // CPUID.01H:EDX.PAT
        private const int WriteCombiningEntryShift = 8;    // entry 1: bits 15:8
        private const ulong WriteCombining = 0x01;         // memory type encoding 01H

        private static bool s_writeCombiningSelected;

        // Whether pages whose PWT bit alone is set are write-combining.
        public static bool WriteCombiningSelected => s_writeCombiningSelected;

        // One CPU runs, and nothing maps pages with PWT alone before this: no TLB or cache holds the old type.
        public static bool TrySelectWriteCombining()
        {
            if (s_writeCombiningSelected) return true;
            if ((Cpu.Cpuid(1).Edx & PatFeatureBit) == 0) return false;
            ulong pat = Cpu.ReadMsr(PatMsr);
            pat = (pat & ~(0xFFUL << WriteCombiningEntryShift)) | WriteCombining << WriteCombiningEntryShift;
            Cpu.WriteMsr(PatMsr, pat);
            s_writeCombiningSelected = true;
            return true;
        }

        // The entry as the CPU has it now, for the self test.
        public static byte ReadWriteCombiningEntry() => (byte)(Cpu.ReadMsr(PatMsr) >> WriteCombiningEntryShift);
    }
}
