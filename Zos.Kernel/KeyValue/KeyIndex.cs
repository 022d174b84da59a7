using System;
using Zos.Hal;

namespace Zos.Kernel.KeyValue
{
    // The store's index: every live key and where its record is, in key
    // order. A skip list (Pugh 1990, p = 1/4): ordered walks for List,
    // expected O(log n) lookups and updates, no recursion and no rebalancing
    // (the corlib has no sorted collection). Levels come from a fixed-seed
    // xorshift, so a mount builds the same shape every time. Not thread-safe:
    // the store locks around it.
    public sealed class KeyIndex
    {
        // 4^16 keys before the top level is crowded: far beyond any disk Zos drives.
        private const int MaxLevel = 16;

        private sealed class Node
        {
            public readonly byte[] Key;
            public RecordLocation Location;
            public readonly Node[] Next;

            public Node(byte[] key, RecordLocation location, int levels)
            {
                Key = key;
                Location = location;
                Next = new Node[levels];
            }
        }

        private readonly Node _head = new Node(null, default, MaxLevel);
        private readonly Node[] _path = new Node[MaxLevel];
        private int _levels = 1;
        private ulong _random = 0x9E3779B97F4A7C15UL;

        // What one key costs the heap beside its bytes: its node, the node's
        // links and the key array's header (about 100 bytes measured in the
        // kernel: 139 per 12-byte key).
        public const int NodeOverheadBytes = 128;

        public int Count { get; private set; }
        // The heap the index holds, roughly: every key's bytes and overhead.
        public long ApproximateBytes { get; private set; }

        public bool TryGet(ReadOnlySpan<byte> key, out RecordLocation location)
        {
            Node node = FindGreaterOrEqual(key, null);
            bool found = node is not null && ByteKeys.Compare(node.Key, key) == 0;
            location = found ? node.Location : default;
            return found;
        }

        // Adds the key, or moves it to a new record.
        public void Set(byte[] key, RecordLocation location)
        {
            Node node = FindGreaterOrEqual(key, _path);
            if (node is not null && ByteKeys.Compare(node.Key, key) == 0)
            {
                node.Location = location;
                return;
            }
            int levels = RandomLevels();
            for (int level = _levels; level < levels; level++) _path[level] = _head;
            if (levels > _levels) _levels = levels;
            var added = new Node(key, location, levels);
            for (int level = 0; level < levels; level++)
            {
                added.Next[level] = _path[level].Next[level];
                _path[level].Next[level] = added;
            }
            Count++;
            ApproximateBytes += key.Length + NodeOverheadBytes;
        }

        // Whether the key was there.
        public bool Remove(ReadOnlySpan<byte> key)
        {
            Node node = FindGreaterOrEqual(key, _path);
            if (node is null || ByteKeys.Compare(node.Key, key) != 0) return false;
            for (int level = 0; level < node.Next.Length; level++) _path[level].Next[level] = node.Next[level];
            while (_levels > 1 && _head.Next[_levels - 1] is null) _levels--;
            Count--;
            ApproximateBytes -= node.Key.Length + NodeOverheadBytes;
            return true;
        }

        // The keys beginning with prefix, in order.
        public byte[][] KeysWithPrefix(ReadOnlySpan<byte> prefix)
        {
            var keys = new GrowableArray<byte[]>();
            for (Node node = FindGreaterOrEqual(prefix, null); node is not null && ByteKeys.StartsWith(node.Key, prefix); node = node.Next[0])
                keys.Add(node.Key);
            return keys.ToArray();
        }

        // The first node whose key is not less than key; path, when given,
        // receives the last node before it on every level.
        private Node FindGreaterOrEqual(ReadOnlySpan<byte> key, Node[] path)
        {
            Node node = _head;
            for (int level = _levels - 1; level >= 0; level--)
            {
                while (node.Next[level] is not null && ByteKeys.Compare(node.Next[level].Key, key) < 0) node = node.Next[level];
                if (path is not null) path[level] = node;
            }
            return node.Next[0];
        }

        private int RandomLevels()
        {
            // xorshift64 (Marsaglia 2003); two bits per level give p = 1/4.
            _random ^= _random << 13;
            _random ^= _random >> 7;
            _random ^= _random << 17;
            ulong bits = _random;
            int levels = 1;
            while (levels < MaxLevel && (bits & 3) == 0)
            {
                levels++;
                bits >>= 2;
            }
            return levels;
        }
    }
}
