namespace Zos.Hal.Pci
{
    // Walks the capability list (PCI Local Bus 3.0, 6.7): present when status
    // bit 4 is set, first pointer at 0x34 (0x14 in a CardBus header), each entry
    // {id, next}. Pointers have their low two bits masked as the spec asks and
    // must land after the header (0x40-0xFC). A malformed list ends the walk
    // with an error and the entries read so far: every entry sits in one of the
    // 48 dword slots from 0x40 and a slot seen twice is a loop, so the walk
    // takes at most 48 steps.
    public static class PciCapabilityList
    {
        public static PciCapability[] Walk(PciConfigSpace config, PciAddress address, byte headerLayout, out string error)
        {
            error = null;
            if ((config.Read16(address, PciRegisters.Status) & PciRegisters.StatusCapabilitiesList) == 0) return [];
            int pointerRegister = headerLayout == PciRegisters.LayoutCardBusBridge ? PciRegisters.CardBusCapabilitiesPointer : PciRegisters.CapabilitiesPointer;
            var found = new GrowableArray<PciCapability>();
            ulong seen = 0;
            int pointer = config.Read8(address, pointerRegister) & 0xFC;
            while (pointer != 0)
            {
                if (pointer < PciRegisters.FirstCapabilityOffset)
                {
                    error = "capability pointer 0x" + pointer.ToString("x2") + " points into the header (capabilities start at 0x40)";
                    break;
                }
                ulong slot = 1UL << (pointer >> 2);
                if ((seen & slot) != 0)
                {
                    error = "capability list loops back to 0x" + pointer.ToString("x2") + " after " + found.Count.ToString() + " entries";
                    break;
                }
                seen |= slot;
                found.Add(new PciCapability(config.Read8(address, pointer), (byte)pointer));
                pointer = config.Read8(address, pointer + 1) & 0xFC;
            }
            return found.ToArray();
        }

        // The first capability with this id, or -1.
        public static int Find(PciCapability[] capabilities, byte id)
        {
            for (int i = 0; i < capabilities.Length; i++)
                if (capabilities[i].Id == id) return capabilities[i].Offset;
            return -1;
        }
    }
}
