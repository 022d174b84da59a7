using Zos.Hal.Memory;

namespace Zos.Hal.Pci
{
    // A function's MSI-X table in its BAR's memory: 16-byte entries {address
    // low, address high, data, vector control (bit 0 = masked)}. The function's
    // memory decode must be on while the table is used.
    public sealed class PciMsiXTable
    {
        public const int EntrySize = 16;
        private const int AddressLow = 0, AddressHigh = 4, Data = 8, VectorControl = 12;
        private const uint MaskedBit = 1;

        private readonly PhysicalMemory _memory;

        private PciMsiXTable(PhysicalMemory memory, ulong address, int size)
        {
            _memory = memory;
            Address = address;
            Size = size;
        }

        // Physical address of entry 0.
        public ulong Address { get; }
        public int Size { get; }

        // Finds the table in the BAR the capability names; the table must lie inside it.
        public static bool TryLocate(PciMsiXCapability msix, PciBar[] bars, PhysicalMemory memory, out PciMsiXTable table, out string error)
        {
            table = null;
            error = null;
            for (int i = 0; i < bars.Length; i++)
            {
                if (bars[i].Index != msix.TableBar) continue;
                PciBar bar = bars[i];
                if (!bar.IsMemory)
                {
                    error = "MSI-X table is in BAR " + bar.Index.ToString() + ", an I/O BAR";
                    return false;
                }
                ulong end = (ulong)msix.TableOffset + (ulong)msix.TableSize * EntrySize;
                if (end > bar.Size)
                {
                    error = "MSI-X table (0x" + msix.TableOffset.ToString("x") + " + " + msix.TableSize.ToString() + " entries) runs past BAR "
                        + bar.Index.ToString() + " (0x" + bar.Size.ToString("x") + " bytes)";
                    return false;
                }
                table = new PciMsiXTable(memory, bar.Address + msix.TableOffset, msix.TableSize);
                return true;
            }
            error = "MSI-X table is in BAR " + msix.TableBar.ToString() + ", which the function does not implement";
            return false;
        }

        // Points the entry at vector on the local APIC with destinationApicId
        // and unmasks it; the entry stays masked while it changes.
        public string Program(int entry, byte destinationApicId, byte vector)
        {
            string error = CheckEntry(entry);
            if (error is not null) return error;
            if (vector < PciMsi.FirstVector) return "MSI-X vector " + vector.ToString() + " is a CPU exception vector; use 32-255";
            ulong at = EntryAddress(entry);
            uint control = _memory.Read32(at + VectorControl);
            _memory.Write32(at + VectorControl, control | MaskedBit);
            _memory.Write32(at + AddressLow, PciMsi.MessageAddress(destinationApicId));
            _memory.Write32(at + AddressHigh, 0);
            _memory.Write32(at + Data, vector);
            _memory.Write32(at + VectorControl, control & ~MaskedBit);
            return null;
        }

        public string SetMasked(int entry, bool masked)
        {
            string error = CheckEntry(entry);
            if (error is not null) return error;
            ulong at = EntryAddress(entry) + VectorControl;
            uint control = _memory.Read32(at);
            _memory.Write32(at, masked ? control | MaskedBit : control & ~MaskedBit);
            return null;
        }

        public bool IsMasked(int entry) => CheckEntry(entry) is null && (_memory.Read32(EntryAddress(entry) + VectorControl) & MaskedBit) != 0;

        private ulong EntryAddress(int entry) => Address + (ulong)entry * EntrySize;

        private string CheckEntry(int entry) =>
            entry >= 0 && entry < Size ? null : "MSI-X entry " + entry.ToString() + " is outside the table of " + Size.ToString();
    }
}
