namespace Zos.Kernel.Iommu
{
    // How many of a domain's DMA buffers cover each mapped page, counted apart
    // for buffers the device may read and buffers it may write: two loans of
    // one device can share a page (byte slices of one client array), and the
    // page stays mapped, with the union of their rights, until the last ends.
    // An open-addressing hash table keyed by page number (linear probing,
    // deletion by shifting the cluster back, so no tombstones pile up on the
    // lend/end-loan hot path).
    public sealed class PageReferences
    {
        private const int InitialCapacity = 64;

        // page + 1, so that 0 marks an empty slot.
        private ulong[] _keys = new ulong[InitialCapacity];
        private uint[] _counts = new uint[InitialCapacity];

        public int Count { get; private set; }

        // Readers in the low 16 bits, writers in the high 16; 0 when the page is not referenced.
        public uint Get(ulong page)
        {
            int slot = Find(page + 1);
            return _keys[slot] == 0 ? 0 : _counts[slot];
        }

        // Sets the counts; 0 forgets the page.
        public void Set(ulong page, uint counts)
        {
            ulong key = page + 1;
            int slot = Find(key);
            if (_keys[slot] != 0)
            {
                if (counts != 0) _counts[slot] = counts;
                else Remove(slot);
                return;
            }
            if (counts == 0) return;
            if ((Count + 1) * 2 > _keys.Length)
            {
                Grow();
                slot = Find(key);
            }
            _keys[slot] = key;
            _counts[slot] = counts;
            Count++;
        }

        public static int Readers(uint counts) => (int)(counts & 0xFFFF);
        public static int Writers(uint counts) => (int)(counts >> 16);

        // The rights a page with these counts is mapped with.
        public static DmaAccess AccessOf(uint counts) =>
            (Readers(counts) > 0 ? DmaAccess.Read : DmaAccess.None) | (Writers(counts) > 0 ? DmaAccess.Write : DmaAccess.None);

        // One more (or, with `by` = -1, one less) buffer with `access` over the page.
        public static uint Adjusted(uint counts, DmaAccess access, int by)
        {
            int readers = Readers(counts) + ((access & DmaAccess.Read) != 0 ? by : 0);
            int writers = Writers(counts) + ((access & DmaAccess.Write) != 0 ? by : 0);
            return (uint)readers | (uint)writers << 16;
        }

        // The slot holding key, or the empty slot where it would go.
        private int Find(ulong key)
        {
            int mask = _keys.Length - 1;
            int slot = Home(key, mask);
            while (_keys[slot] != 0 && _keys[slot] != key) slot = (slot + 1) & mask;
            return slot;
        }

        // Empties the slot, then moves back each later entry of the cluster
        // whose home lies at or before the hole (Knuth 6.4, algorithm R).
        private void Remove(int hole)
        {
            int mask = _keys.Length - 1;
            int slot = hole;
            while (true)
            {
                slot = (slot + 1) & mask;
                if (_keys[slot] == 0) break;
                int home = Home(_keys[slot], mask);
                bool stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
                if (stays) continue;
                _keys[hole] = _keys[slot];
                _counts[hole] = _counts[slot];
                hole = slot;
            }
            _keys[hole] = 0;
            _counts[hole] = 0;
            Count--;
        }

        private void Grow()
        {
            ulong[] keys = _keys;
            uint[] counts = _counts;
            _keys = new ulong[keys.Length * 2];
            _counts = new uint[keys.Length * 2];
            for (int i = 0; i < keys.Length; i++)
            {
                if (keys[i] == 0) continue;
                int slot = Find(keys[i]);
                _keys[slot] = keys[i];
                _counts[slot] = counts[i];
            }
        }

        // Fibonacci hashing: consecutive pages (one buffer's) spread over the table.
        private static int Home(ulong key, int mask) => (int)((key * 0x9E37_79B9_7F4A_7C15UL) >> 32) & mask;
    }
}
