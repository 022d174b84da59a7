namespace Zos.Hal.Pci
{
    // Decodes base address registers and sizes them (PCI Local Bus 3.0, 6.2.5.1):
    // write all ones, read back the bits the device lets software set, restore.
    // The function's I/O and memory decode are off during the probe, as the
    // spec asks, so a half-written BAR never claims addresses. A BAR that reads
    // back nothing is unimplemented and skipped; one whose read-back is not a
    // size (ones not contiguous from the top, an I/O range over 256 bytes, a
    // 64-bit BAR in the last slot, the reserved memory type) is left out and
    // described in problems.
    public static class PciBarProbe
    {
        private const uint IoSpaceBit = 1;
        private const uint IoAddressMask = 0xFFFF_FFFC;
        private const uint MemoryAddressMask = 0xFFFF_FFF0;
        private const uint PrefetchableBit = 1 << 3;
        private const int MemoryType64 = 2, MemoryTypeReserved = 3;
        private const ulong MaxIoSize = 256;

        public static PciBar[] Probe(PciConfigSpace config, PciAddress address, int slotCount, out string[] problems)
        {
            var bars = new GrowableArray<PciBar>();
            var found = new GrowableArray<string>();
            ushort command = config.Read16(address, PciRegisters.Command);
            config.Write16(address, PciRegisters.Command, (ushort)(command & ~(ushort)(PciCommandBits.IoDecode | PciCommandBits.MemoryDecode)));
            try
            {
                for (int slot = 0; slot < slotCount; slot++)
                {
                    int offset = PciRegisters.Bar0 + 4 * slot;
                    uint original = config.Read32(address, offset);
                    if ((original & IoSpaceBit) != 0)
                    {
                        ProbeIo(config, address, slot, original, bars, found);
                        continue;
                    }
                    int type = (int)(original >> 1) & 3;
                    if (type == MemoryTypeReserved)
                    {
                        found.Add("BAR " + slot.ToString() + " has the reserved memory type 3 (0x" + original.ToString("x8") + ")");
                    }
                    else if (type == MemoryType64)
                    {
                        if (slot == slotCount - 1)
                        {
                            found.Add("BAR " + slot.ToString() + " is 64-bit but is the last slot; its upper half is missing");
                            break;
                        }
                        ProbeMemory64(config, address, slot, original, bars, found);
                        slot++;
                    }
                    else
                    {
                        uint mask = SizeMask(config, address, offset, original) & MemoryAddressMask;
                        if (mask != 0)
                            Accept(slot, PciBarKind.Memory32, original & MemoryAddressMask, (~(ulong)mask + 1) & 0xFFFF_FFFF, (original & PrefetchableBit) != 0, bars, found);
                    }
                }
            }
            finally
            {
                config.Write16(address, PciRegisters.Command, command);
            }
            problems = found.ToArray();
            return bars.ToArray();
        }

        private static void ProbeIo(PciConfigSpace config, PciAddress address, int slot, uint original, GrowableArray<PciBar> bars, GrowableArray<string> problems)
        {
            uint mask = SizeMask(config, address, PciRegisters.Bar0 + 4 * slot, original) & IoAddressMask;
            if (mask == 0) return;
            // Devices that decode 16-bit I/O addresses may hard-wire the upper half to 0.
            if ((mask & 0xFFFF_0000) == 0) mask |= 0xFFFF_0000;
            ulong size = (~(ulong)mask + 1) & 0xFFFF_FFFF;
            if (IsPowerOfTwo(size) && size > MaxIoSize)
            {
                problems.Add("BAR " + slot.ToString() + " claims 0x" + size.ToString("x") + " bytes of I/O space; an I/O BAR is at most 256");
                return;
            }
            Accept(slot, PciBarKind.Io, original & IoAddressMask, size, false, bars, problems);
        }

        private static void ProbeMemory64(PciConfigSpace config, PciAddress address, int slot, uint originalLow, GrowableArray<PciBar> bars, GrowableArray<string> problems)
        {
            int lowOffset = PciRegisters.Bar0 + 4 * slot;
            uint originalHigh = config.Read32(address, lowOffset + 4);
            config.Write32(address, lowOffset, 0xFFFF_FFFF);
            config.Write32(address, lowOffset + 4, 0xFFFF_FFFF);
            uint low = config.Read32(address, lowOffset);
            uint high = config.Read32(address, lowOffset + 4);
            config.Write32(address, lowOffset, originalLow);
            config.Write32(address, lowOffset + 4, originalHigh);
            ulong mask = ((ulong)high << 32) | (low & MemoryAddressMask);
            if (mask == 0) return;
            ulong baseAddress = ((ulong)originalHigh << 32) | (originalLow & MemoryAddressMask);
            Accept(slot, PciBarKind.Memory64, baseAddress, ~mask + 1, (originalLow & PrefetchableBit) != 0, bars, problems);
        }

        private static void Accept(int slot, PciBarKind kind, ulong baseAddress, ulong size, bool prefetchable, GrowableArray<PciBar> bars, GrowableArray<string> problems)
        {
            if (!IsPowerOfTwo(size))
                problems.Add("BAR " + slot.ToString() + " size probe gives 0x" + size.ToString("x") + " bytes, not a power of two: its writable bits are not contiguous");
            else
                bars.Add(new PciBar(slot, kind, baseAddress, size, prefetchable));
        }

        // The BAR's read-back after writing all ones; the original value is restored.
        private static uint SizeMask(PciConfigSpace config, PciAddress address, int offset, uint original)
        {
            config.Write32(address, offset, 0xFFFF_FFFF);
            uint readBack = config.Read32(address, offset);
            config.Write32(address, offset, original);
            return readBack;
        }

        private static bool IsPowerOfTwo(ulong value) => value != 0 && (value & (value - 1)) == 0;
    }
}
