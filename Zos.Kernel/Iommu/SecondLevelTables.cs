using System;

namespace Zos.Kernel.Iommu
{
    // The second-level page tables of one translation domain (VT-d 3.4, 3.7
    // and 9.8): device address → physical address with read/write rights, in
    // the 3-level, 39-bit format QEMU offers (SAGAW bit 1: SL-PDPE → SL-PDE →
    // SL-PTE), with 2 MiB superpages (SL-PDE.PS) where both addresses are
    // aligned and the range is long enough. Mapping and unmapping are all or
    // nothing: a range overlapping a mapping is refused, so is unmapping a
    // range that is not wholly mapped. Tables emptied by unmapping stay until
    // Destroy: a unit may still cache a pointer to them until the IOTLB and
    // paging-structure caches are invalidated, which is the caller's (VtdUnit's)
    // job after every Unmap, before the memory is reused.
    public sealed class SecondLevelTables
    {
        public const int AddressBits = 39;
        public const ulong PageSize = 4096;
        public const ulong SuperpageSize = 2UL << 20;
        private const ulong DeviceAddressLimit = 1UL << AddressBits;
        private const ulong GigabyteSize = 1UL << 30;
        private const int EntriesPerTable = 512;

        // 9.8: bit 0 Read, bit 1 Write, bit 7 page size (in an SL-PDE: a 2 MiB page), bits 51:12 address.
        private const ulong ReadBit = 1, WriteBit = 2, PageSizeBit = 0x80;
        private const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        // A non-leaf entry grants both, so the leaf's rights decide (3.7.1: rights are the AND of every level).
        private const ulong TablePointerRights = ReadBit | WriteBit;

        private readonly IommuTableMemory _memory;
        private readonly ulong _physicalAddressLimit;
        private readonly bool _superpages;

        private SecondLevelTables(IommuTableMemory memory, ulong root, int physicalAddressBits, bool superpages)
        {
            _memory = memory;
            Root = root;
            _physicalAddressLimit = physicalAddressBits >= 52 ? 1UL << 52 : 1UL << physicalAddressBits;
            _superpages = superpages;
        }

        // The top table, for the context entry's SLPTPTR.
        public ulong Root { get; private set; }
        public ulong MappedBytes { get; private set; }
        public bool Destroyed => Root == 0;

        // physicalAddressBits: the host address width (DMAR), above which an
        // address field is reserved; superpages: whether the unit has 2 MiB pages (CAP.SLLPS bit 0).
        public static string TryCreate(IommuTableMemory memory, int physicalAddressBits, bool superpages, out SecondLevelTables tables)
        {
            tables = null;
            if (!memory.TryAllocateTable(out ulong root)) return "no frame left for a page table";
            tables = new SecondLevelTables(memory, root, physicalAddressBits, superpages);
            return null;
        }

        // Null, or why nothing was mapped.
        public string Map(ulong deviceAddress, ulong physicalAddress, ulong length, DmaAccess access)
        {
            string error = CheckRange(deviceAddress, length);
            if (error is not null) return error;
            if ((physicalAddress & (PageSize - 1)) != 0) return "physical address " + Hex(physicalAddress) + " is not 4 KiB-aligned";
            if (physicalAddress >= _physicalAddressLimit || length > _physicalAddressLimit - physicalAddress)
                return "physical " + Hex(physicalAddress) + " + " + Hex(length) + " bytes reaches beyond the host address width";
            if (access == DmaAccess.None) return "a mapping without read or write access is no mapping";
            ulong end = deviceAddress + length;
            ulong mapped = FirstMapped(deviceAddress, end);
            if (mapped < end) return "device address " + Hex(mapped) + " is already mapped";

            ulong rights = (ulong)access;
            ulong offset = 0;
            while (offset < length)
            {
                ulong device = deviceAddress + offset;
                ulong physical = physicalAddress + offset;
                ulong directory = TableBelow(Root, device, 3);
                if (directory == 0) return RollBack(deviceAddress, offset);
                ulong directoryEntry = EntryAddress(directory, device, 2);
                if (_superpages && (device & (SuperpageSize - 1)) == 0 && (physical & (SuperpageSize - 1)) == 0
                    && length - offset >= SuperpageSize && _memory.ReadEntry(directoryEntry) == 0)
                {
                    Store(directoryEntry, physical | PageSizeBit | rights);
                    offset += SuperpageSize;
                    continue;
                }
                ulong table = TableBelow(directory, device, 2);
                if (table == 0) return RollBack(deviceAddress, offset);
                // The rest of this table's 2 MiB without walking from the top again.
                ulong stop = offset + Math.Min(length - offset, SuperpageSize - (device & (SuperpageSize - 1)));
                for (; offset < stop; offset += PageSize) Store(EntryAddress(table, deviceAddress + offset, 1), (physicalAddress + offset) | rights);
            }
            MappedBytes += length;
            return null;
        }

        // Null, or why nothing was unmapped. A range covering part of a
        // superpage splits it into 4 KiB pages first (same translations, so
        // safe while the device runs). The caller invalidates the unit's IOTLB
        // for the range before the memory is reused.
        public string Unmap(ulong deviceAddress, ulong length)
        {
            string error = CheckRange(deviceAddress, length);
            if (error is not null) return error;
            ulong end = deviceAddress + length;
            int splits = 0;
            ulong address = deviceAddress;
            while (address < end)
            {
                ulong directoryEntry = DirectoryEntryFor(address);
                ulong entry = directoryEntry == 0 ? 0 : _memory.ReadEntry(directoryEntry);
                if (!Present(entry)) return "device address " + Hex(address) + " is not mapped";
                if ((entry & PageSizeBit) != 0)
                {
                    ulong superpage = address & ~(SuperpageSize - 1);
                    if (superpage < deviceAddress || superpage + SuperpageSize > end) splits++;
                    address = superpage + SuperpageSize;
                    continue;
                }
                ulong stop = Math.Min(end, (address | (SuperpageSize - 1)) + 1);
                for (; address < stop; address += PageSize)
                    if (!Present(_memory.ReadEntry(EntryAddress(entry & AddressMask, address, 1))))
                        return "device address " + Hex(address) + " is not mapped";
            }
            // At most two superpages are cut (the range's first and last), and their tables
            // are taken before anything changes, so running out of frames changes nothing.
            ulong spareA = 0, spareB = 0;
            if (splits > 0 && !_memory.TryAllocateTable(out spareA)) return "no frame left to split a 2 MiB page";
            if (splits > 1 && !_memory.TryAllocateTable(out spareB))
            {
                _memory.FreeTable(spareA);
                return "no frame left to split a 2 MiB page";
            }

            address = deviceAddress;
            while (address < end)
            {
                ulong directoryEntry = DirectoryEntryFor(address);
                ulong entry = _memory.ReadEntry(directoryEntry);
                if ((entry & PageSizeBit) != 0)
                {
                    ulong superpage = address & ~(SuperpageSize - 1);
                    if (superpage >= deviceAddress && superpage + SuperpageSize <= end)
                    {
                        Store(directoryEntry, 0);
                        address = superpage + SuperpageSize;
                        continue;
                    }
                    ulong table = spareA != 0 ? spareA : spareB;
                    if (spareA != 0) spareA = 0; else spareB = 0;
                    Split(directoryEntry, entry, table);
                    entry = _memory.ReadEntry(directoryEntry);
                }
                ulong stop = Math.Min(end, (address | (SuperpageSize - 1)) + 1);
                for (; address < stop; address += PageSize) Store(EntryAddress(entry & AddressMask, address, 1), 0);
            }
            MappedBytes -= length;
            return null;
        }

        // Rewrites the rights of a wholly mapped range of 4 KiB pages in place
        // (a page two buffers share takes the union of their rights, and loses
        // a right when the last buffer holding it goes); the device never sees
        // the page absent. Ranges inside a 2 MiB page are refused: only pool
        // buffers get those, and they share no page. The caller invalidates.
        public string ChangeAccess(ulong deviceAddress, ulong length, DmaAccess access)
        {
            string error = CheckRange(deviceAddress, length);
            if (error is not null) return error;
            if (access == DmaAccess.None) return "a mapping without read or write access is no mapping";
            ulong end = deviceAddress + length;
            for (ulong address = deviceAddress; address < end; address += PageSize)
            {
                ulong directoryEntry = DirectoryEntryFor(address);
                ulong entry = directoryEntry == 0 ? 0 : _memory.ReadEntry(directoryEntry);
                if (Present(entry) && (entry & PageSizeBit) != 0) return "device address " + Hex(address) + " lies in a 2 MiB page";
                if (!Present(entry) || !Present(_memory.ReadEntry(EntryAddress(entry & AddressMask, address, 1))))
                    return "device address " + Hex(address) + " is not mapped";
            }
            for (ulong address = deviceAddress; address < end; address += PageSize)
            {
                ulong leaf = EntryAddress(_memory.ReadEntry(DirectoryEntryFor(address)) & AddressMask, address, 1);
                Store(leaf, (_memory.ReadEntry(leaf) & AddressMask) | (ulong)access);
            }
            return null;
        }

        // A software walk, as the unit would do it: false where the address is not mapped.
        public bool TryTranslate(ulong deviceAddress, out ulong physicalAddress, out DmaAccess access)
        {
            physicalAddress = 0;
            access = DmaAccess.None;
            if (Destroyed || deviceAddress >= DeviceAddressLimit) return false;
            ulong directoryEntry = DirectoryEntryFor(deviceAddress);
            ulong entry = directoryEntry == 0 ? 0 : _memory.ReadEntry(directoryEntry);
            if (!Present(entry)) return false;
            ulong pageMask = SuperpageSize - 1;
            if ((entry & PageSizeBit) == 0)
            {
                entry = _memory.ReadEntry(EntryAddress(entry & AddressMask, deviceAddress, 1));
                if (!Present(entry)) return false;
                pageMask = PageSize - 1;
            }
            physicalAddress = (entry & AddressMask & ~pageMask) | (deviceAddress & pageMask);
            access = (DmaAccess)(entry & (ReadBit | WriteBit));
            return true;
        }

        // Frees every table. Only once no context entry points here any more and
        // the unit's caches were invalidated: the unit could still walk them.
        public void Destroy()
        {
            if (Destroyed) return;
            for (int i = 0; i < EntriesPerTable; i++)
            {
                ulong upper = _memory.ReadEntry(Root + (ulong)i * 8);
                if (!Present(upper)) continue;
                ulong directory = upper & AddressMask;
                for (int j = 0; j < EntriesPerTable; j++)
                {
                    ulong entry = _memory.ReadEntry(directory + (ulong)j * 8);
                    if (Present(entry) && (entry & PageSizeBit) == 0) _memory.FreeTable(entry & AddressMask);
                }
                _memory.FreeTable(directory);
            }
            _memory.FreeTable(Root);
            Root = 0;
            MappedBytes = 0;
        }

        private string CheckRange(ulong deviceAddress, ulong length)
        {
            if (Destroyed) return "the domain's tables were destroyed";
            if (length == 0) return "an empty range";
            if ((deviceAddress & (PageSize - 1)) != 0 || (length & (PageSize - 1)) != 0)
                return "device address " + Hex(deviceAddress) + " + " + Hex(length) + " bytes is not whole 4 KiB pages";
            if (deviceAddress >= DeviceAddressLimit || length > DeviceAddressLimit - deviceAddress)
                return "device address " + Hex(deviceAddress) + " + " + Hex(length) + " bytes reaches beyond the 39-bit device address space";
            return null;
        }

        // The first mapped page in [start, end), or end; steps over absent tables whole.
        private ulong FirstMapped(ulong start, ulong end)
        {
            ulong address = start;
            while (address < end)
            {
                ulong upper = _memory.ReadEntry(EntryAddress(Root, address, 3));
                if (!Present(upper))
                {
                    address = (address | (GigabyteSize - 1)) + 1;
                    continue;
                }
                ulong entry = _memory.ReadEntry(EntryAddress(upper & AddressMask, address, 2));
                if (!Present(entry))
                {
                    address = (address | (SuperpageSize - 1)) + 1;
                    continue;
                }
                if ((entry & PageSizeBit) != 0) return address;
                ulong stop = Math.Min(end, (address | (SuperpageSize - 1)) + 1);
                for (; address < stop; address += PageSize)
                    if (Present(_memory.ReadEntry(EntryAddress(entry & AddressMask, address, 1)))) return address;
            }
            return end;
        }

        // The address of the SL-PDE for deviceAddress, or 0 when its directory does not exist.
        private ulong DirectoryEntryFor(ulong deviceAddress)
        {
            ulong upper = _memory.ReadEntry(EntryAddress(Root, deviceAddress, 3));
            return Present(upper) ? EntryAddress(upper & AddressMask, deviceAddress, 2) : 0;
        }

        // The table the entry for deviceAddress at level points to, made when absent; 0 when no frame is left.
        private ulong TableBelow(ulong table, ulong deviceAddress, int level)
        {
            ulong entryAddress = EntryAddress(table, deviceAddress, level);
            ulong entry = _memory.ReadEntry(entryAddress);
            if (Present(entry)) return entry & AddressMask;
            if (!_memory.TryAllocateTable(out ulong below)) return 0;
            Store(entryAddress, below | TablePointerRights);
            return below;
        }

        // The 512 pages of a 2 MiB page, with its rights, in a table that then replaces it.
        private void Split(ulong directoryEntry, ulong superpageEntry, ulong table)
        {
            ulong physical = superpageEntry & AddressMask & ~(SuperpageSize - 1);
            ulong rights = superpageEntry & (ReadBit | WriteBit);
            for (int i = 0; i < EntriesPerTable; i++) _memory.WriteEntry(table + (ulong)i * 8, physical + (ulong)i * PageSize | rights);
            _memory.WriteBackForDevice(table, IommuTableMemory.TableSize);
            Store(directoryEntry, table | TablePointerRights);
        }

        private string RollBack(ulong deviceAddress, ulong mappedLength)
        {
            ulong end = deviceAddress + mappedLength;
            ulong address = deviceAddress;
            while (address < end)
            {
                ulong directoryEntry = DirectoryEntryFor(address);
                ulong entry = _memory.ReadEntry(directoryEntry);
                if ((entry & PageSizeBit) != 0)
                {
                    Store(directoryEntry, 0);
                    address += SuperpageSize;
                    continue;
                }
                Store(EntryAddress(entry & AddressMask, address, 1), 0);
                address += PageSize;
            }
            return "no frame left for a page table";
        }

        private void Store(ulong entryAddress, ulong value)
        {
            _memory.WriteEntry(entryAddress, value);
            _memory.WriteBackForDevice(entryAddress, 8);
        }

        // Level 3 indexes bits 38:30, level 2 bits 29:21, level 1 bits 20:12 (9.8).
        private static ulong EntryAddress(ulong table, ulong deviceAddress, int level) =>
            table + ((deviceAddress >> (12 + 9 * (level - 1))) & (EntriesPerTable - 1)) * 8;

        private static bool Present(ulong entry) => (entry & (ReadBit | WriteBit)) != 0;

        private static string Hex(ulong value) => "0x" + value.ToString("x");
    }
}
