using System;
using Zos.Hal;

namespace Zos.Kernel.KeyValue
{
    // Puts and deletes that become durable together or not at all (they go
    // into one frame, and a frame is replayed whole or not at all). Keys are
    // copied when added; values are not, and must not change until the
    // store's Write returns. After a successful Write, Existed says for each
    // operation whether its key was there just before it.
    public sealed class WriteBatch
    {
        private readonly GrowableArray<byte[]> _keys = new GrowableArray<byte[]>();
        // Null for a delete.
        private readonly GrowableArray<byte[]> _values = new GrowableArray<byte[]>();
        private bool[] _existed;

        public int Count => _keys.Count;
        // The records' size in a frame.
        public long EncodedBytes { get; private set; }
        // What the batch could add to the index if every put's key were new.
        internal long IndexBytesAtMost { get; private set; }

        public void Put(byte[] key, byte[] value) => Add(key, value ?? throw new ArgumentNullException("value"));

        public void Delete(byte[] key) => Add(key, null);

        // Another batch's operations after these (compaction gathers the live records of several frames).
        internal void AddAll(WriteBatch other)
        {
            for (int i = 0; i < other.Count; i++) Add(other._keys[i], other._values[i]);
        }

        public bool Existed(int index) => _existed is not null && _existed[index];

        internal byte[] Key(int index) => _keys[index];
        internal byte[] Value(int index) => _values[index];
        internal bool IsDelete(int index) => _values[index] is null;

        internal void SetExisted(int index, bool existed)
        {
            if (_existed is null || _existed.Length != _keys.Count) _existed = new bool[_keys.Count];
            _existed[index] = existed;
        }

        // Null, or why the store cannot take this batch.
        internal string Check()
        {
            if (_keys.Count == 0) return "the batch is empty";
            for (int i = 0; i < _keys.Count; i++)
            {
                if (_keys[i].Length > KeyValueLimits.MaxKeyBytes)
                    return "key " + ByteKeys.Describe(_keys[i]) + " is " + _keys[i].Length.ToString() + " bytes, more than " + KeyValueLimits.MaxKeyBytes.ToString();
                if (_values[i] is not null && _values[i].Length > KeyValueLimits.MaxValueBytes)
                    return "the value of " + ByteKeys.Describe(_keys[i]) + " is " + _values[i].Length.ToString() + " bytes, more than " + KeyValueLimits.MaxValueBytes.ToString();
            }
            if (EncodedBytes > KeyValueLimits.MaxFramePayloadBytes)
                return "the batch encodes to " + EncodedBytes.ToString() + " bytes, more than one frame holds (" + KeyValueLimits.MaxFramePayloadBytes.ToString() + ")";
            return null;
        }

        private void Add(byte[] key, byte[] value)
        {
            if (key is null) throw new ArgumentNullException("key");
            _keys.Add(key.AsSpan().ToArray());
            _values.Add(value);
            EncodedBytes += LogRecord.SizeOf(key.Length, value is null ? 0 : value.Length);
            if (value is not null) IndexBytesAtMost += key.Length + KeyIndex.NodeOverheadBytes;
            _existed = null;
        }
    }
}
