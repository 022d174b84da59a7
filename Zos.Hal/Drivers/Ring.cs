using System;

namespace Zos.Hal.Drivers
{
    // A bounded ring of values between one producer thread and one consumer
    // thread, without locks: the producer only moves the tail, the consumer
    // only the head, and each publishes its index after touching the slot.
    // Indices count up forever and wrap as ints; capacity is a power of two, so
    // slot = index & mask and Count = tail - head stay right across the wrap.
    public sealed class Ring<T> where T : struct
    {
        private readonly T[] _slots;
        private readonly int _mask;
        private volatile int _head;
        private volatile int _tail;

        public Ring(int capacity) : this(capacity, 0)
        {
        }

        // startIndex lets tests put the indices next to their wrap.
        internal Ring(int capacity, int startIndex)
        {
            if (capacity <= 0 || capacity > (1 << 30) || (capacity & (capacity - 1)) != 0)
                throw new ArgumentOutOfRangeException(nameof(capacity), "a ring's capacity must be a power of two up to 2^30");
            _slots = new T[capacity];
            _mask = capacity - 1;
            _head = startIndex;
            _tail = startIndex;
        }

        public int Capacity => _slots.Length;
        public int Count => _tail - _head;
        public bool IsEmpty => _tail == _head;
        public bool IsFull => _tail - _head == _slots.Length;

        // Producer side. False, changing nothing, when full.
        public bool TryEnqueue(in T item)
        {
            int tail = _tail;
            if (tail - _head == _slots.Length) return false;
            _slots[tail & _mask] = item;
            _tail = tail + 1;
            return true;
        }

        // Consumer side. False when empty.
        public bool TryDequeue(out T item)
        {
            int head = _head;
            if (_tail == head)
            {
                item = default;
                return false;
            }
            item = _slots[head & _mask];
            _slots[head & _mask] = default;
            _head = head + 1;
            return true;
        }
    }
}
