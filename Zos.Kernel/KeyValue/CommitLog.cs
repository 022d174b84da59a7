using System;
using Zos.Hal.Drivers;
using Zos.Kernel.Hashing;

namespace Zos.Kernel.KeyValue
{
    // An append-only log of records, each carrying the SHA-256 of the one
    // before it, kept in a key-value store under one key prefix (the store
    // makes each append durable and atomic; the chain makes any later change
    // or loss visible end to end). Record n is the key prefix + n as 16 hex
    // digits, so the store lists them in order; its value is
    //   0 SHA-256 of record n-1's value (zeroes for record 1)   32 n (8 bytes)   40 the payload
    // Appends are serialised (each is one durable put); reads go on meanwhile.
    public sealed class CommitLog
    {
        // Where the shell's `log` and the host tool's `zos kv check` keep and look for the log.
        public const string StandardPrefix = "commit-log/";

        private const int HashBytes = Sha256.DigestBytes;
        private const int HeaderBytes = HashBytes + 8;

        private readonly KeyValueStore _store;
        private readonly byte[] _prefix;
        private readonly object _append = new object();
        private byte[] _lastHash = new byte[HashBytes];

        private CommitLog(KeyValueStore store, byte[] prefix)
        {
            _store = store;
            _prefix = prefix;
        }

        // Records so far (the last one's sequence).
        public ulong Count { get; private set; }

        // The last record's hash: what the next one will carry.
        public byte[] LastHash => _lastHash.AsSpan().ToArray();

        // Replays the log under that prefix, checking the whole chain: null
        // with the error (naming the first broken record) when it breaks.
        public static CommitLog Open(KeyValueStore store, byte[] prefix, out string error)
        {
            var log = new CommitLog(store, prefix.AsSpan().ToArray());
            error = log.Walk(out ulong count, out byte[] lastHash);
            if (error is not null) return null;
            log.Count = count;
            log._lastHash = lastHash;
            return log;
        }

        // The log under StandardPrefix.
        public static CommitLog OpenStandard(KeyValueStore store, out string error) => Open(store, ByteKeys.FromAscii(StandardPrefix), out error);

        // Appends a durable record: its sequence, or 0 with the error.
        public ulong Append(byte[] payload, out string error)
        {
            lock (_append)
            {
                ulong sequence = Count + 1;
                var value = new byte[HeaderBytes + payload.Length];
                _lastHash.AsSpan().CopyTo(value);
                LittleEndian.Put64(value, HashBytes, sequence);
                payload.AsSpan().CopyTo(new Span<byte>(value, HeaderBytes, payload.Length));
                error = _store.Put(KeyOf(sequence), value);
                if (error is not null) return 0;
                Count = sequence;
                _lastHash = Sha256.Hash(value);
                return sequence;
            }
        }

        // Record sequence's payload, or the error (absent, damaged).
        public string Read(ulong sequence, out byte[] payload)
        {
            payload = null;
            string error = ReadValue(sequence, out byte[] value);
            if (error is not null) return error;
            payload = new ReadOnlySpan<byte>(value, HeaderBytes, value.Length - HeaderBytes).ToArray();
            return null;
        }

        // Checks the chain from the first record to the last: null, or the
        // first record whose link to its predecessor breaks and why.
        public string Verify(out ulong records)
        {
            string error = Walk(out records, out byte[] lastHash);
            if (error is not null) return error;
            // The last records have no successor to carry their hash: this log remembers it.
            if (records < Count) return "record " + (records + 1).ToString() + " is missing (the log had " + Count.ToString() + ")";
            if (records == Count && !lastHash.AsSpan().SequenceEqual(_lastHash)) return "record " + records.ToString() + " changed since it was appended";
            return null;
        }

        private string Walk(out ulong records, out byte[] lastHash)
        {
            records = 0;
            lastHash = new byte[HashBytes];
            byte[][] keys = _store.List(_prefix);
            for (int i = 0; i < keys.Length; i++)
            {
                ulong sequence = (ulong)i + 1;
                if (ByteKeys.Compare(keys[i], KeyOf(sequence)) != 0)
                    return "record " + sequence.ToString() + " is missing (the next key is " + ByteKeys.Describe(keys[i]) + ")";
                string error = ReadValue(sequence, out byte[] value);
                if (error is not null) return error;
                if (!new ReadOnlySpan<byte>(value, 0, HashBytes).SequenceEqual(lastHash))
                    return "record " + sequence.ToString() + " does not carry the hash of record " + (sequence - 1).ToString()
                        + (sequence == 1 ? " (the first record's is zeroes)" : ": the chain breaks there");
                lastHash = Sha256.Hash(value);
                records = sequence;
            }
            return null;
        }

        private string ReadValue(ulong sequence, out byte[] value)
        {
            string error = _store.GetFromDevice(KeyOf(sequence), out value);
            if (error is not null) return "record " + sequence.ToString() + ": " + error;
            if (value is null) return "record " + sequence.ToString() + " is missing";
            if (value.Length < HeaderBytes || LittleEndian.Get64(value, HashBytes) != sequence)
                return "record " + sequence.ToString() + " is not a log record of that sequence";
            return null;
        }

        private byte[] KeyOf(ulong sequence)
        {
            const string Hex = "0123456789ABCDEF";
            var key = new byte[_prefix.Length + 16];
            _prefix.AsSpan().CopyTo(key);
            for (int i = 0; i < 16; i++) key[_prefix.Length + i] = (byte)Hex[(int)(sequence >> (60 - 4 * i)) & 15];
            return key;
        }
    }
}
