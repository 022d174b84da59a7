using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Input;

namespace Zos.Drivers.Ps2
{
    // The driver's side of the keyboard protocol: the reads its client has in
    // flight, oldest first, and the keys typed while no read was there to take
    // them. Each key answers the oldest read; a read held for
    // KeyboardProtocol.IdleAnswerMilliseconds without one is answered empty,
    // so a live driver answers every read well within its deadline. Keys that
    // find the queue full are dropped and counted: a client that stops
    // reading loses keys, never the driver.
    public sealed class KeyboardReads
    {
        private readonly int[] _tags;
        private readonly ulong[] _heldSince;
        private readonly KeyStroke[] _keys;
        private int _firstRead, _readCount, _firstKey, _keyCount;

        // reads: the channel's capacity (it bounds what is in flight); keys: how many typed keys wait at most.
        public KeyboardReads(int reads, int keys)
        {
            _tags = new int[reads];
            _heldSince = new ulong[reads];
            _keys = new KeyStroke[keys];
        }

        public int ReadsHeld => _readCount;
        public int KeysWaiting => _keyCount;
        // Keys typed since the driver started, and those dropped for want of room.
        public ulong Typed { get; private set; }
        public ulong Dropped { get; private set; }

        public void Hold(in KeyboardRequest request, ulong nowMilliseconds)
        {
            int slot = (_firstRead + _readCount) % _tags.Length;
            _tags[slot] = request.Tag;
            _heldSince[slot] = nowMilliseconds;
            _readCount++;
        }

        public void Add(in KeyStroke key)
        {
            Typed++;
            if (_keyCount == _keys.Length)
            {
                Dropped++;
                return;
            }
            _keys[(_firstKey + _keyCount) % _keys.Length] = key;
            _keyCount++;
        }

        // Answers what can be answered now: waiting keys go to the oldest reads
        // in order, then reads held too long are answered empty.
        public void Answer(DriverChannel<KeyboardRequest, KeyboardCompletion> channel, ulong nowMilliseconds)
        {
            while (_readCount > 0 && _keyCount > 0)
            {
                channel.TryComplete(KeyboardCompletion.Typed(_tags[_firstRead], _keys[_firstKey]));
                _firstKey = (_firstKey + 1) % _keys.Length;
                _keyCount--;
                ReleaseOldestRead();
            }
            while (_readCount > 0 && nowMilliseconds - _heldSince[_firstRead] >= KeyboardProtocol.IdleAnswerMilliseconds)
            {
                channel.TryComplete(KeyboardCompletion.Idle(_tags[_firstRead]));
                ReleaseOldestRead();
            }
        }

        private void ReleaseOldestRead()
        {
            _firstRead = (_firstRead + 1) % _tags.Length;
            _readCount--;
        }
    }
}
