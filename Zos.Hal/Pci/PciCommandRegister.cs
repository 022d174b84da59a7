namespace Zos.Hal.Pci
{
    // Read-modify-write of a function's command register. Only the 16-bit
    // command register is written, never the status register beside it.
    public static class PciCommandRegister
    {
        public static PciCommandBits Read(PciConfigSpace config, PciAddress address) =>
            (PciCommandBits)config.Read16(address, PciRegisters.Command);

        public static void Set(PciConfigSpace config, PciAddress address, PciCommandBits bits) =>
            config.Write16(address, PciRegisters.Command, (ushort)(config.Read16(address, PciRegisters.Command) | (ushort)bits));

        public static void Clear(PciConfigSpace config, PciAddress address, PciCommandBits bits) =>
            config.Write16(address, PciRegisters.Command, (ushort)(config.Read16(address, PciRegisters.Command) & ~(ushort)bits));

        // DMA: the function may only read and write memory while this is on.
        public static void EnableBusMaster(PciConfigSpace config, PciAddress address) => Set(config, address, PciCommandBits.BusMaster);
        public static void DisableBusMaster(PciConfigSpace config, PciAddress address) => Clear(config, address, PciCommandBits.BusMaster);

        public static void EnableMemoryDecode(PciConfigSpace config, PciAddress address) => Set(config, address, PciCommandBits.MemoryDecode);
        public static void DisableMemoryDecode(PciConfigSpace config, PciAddress address) => Clear(config, address, PciCommandBits.MemoryDecode);

        public static void EnableIoDecode(PciConfigSpace config, PciAddress address) => Set(config, address, PciCommandBits.IoDecode);
        public static void DisableIoDecode(PciConfigSpace config, PciAddress address) => Clear(config, address, PciCommandBits.IoDecode);

        // INTx: the pin interrupt; disable it when the function signals with MSI or MSI-X.
        public static void DisableIntx(PciConfigSpace config, PciAddress address) => Set(config, address, PciCommandBits.InterruptDisable);
        public static void EnableIntx(PciConfigSpace config, PciAddress address) => Clear(config, address, PciCommandBits.InterruptDisable);
    }
}
