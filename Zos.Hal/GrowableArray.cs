using System;

namespace Zos.Hal
{
    // A list that grows by doubling (the corlib has no List<T>). Adding may
    // allocate; reading and removing never do, so both are safe in interrupt
    // handlers. Removal keeps the order.
    public sealed class GrowableArray<T>
    {
        private T[] _items = new T[4];
        private int _count;

        public int Count => _count;

        // Checked against Count, not the backing array: a slot past the end reads as
        // default, and a caller reading there has a bug that should not pass as "none".
        public T this[int index]
        {
            get
            {
                if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
                return _items[index];
            }
        }

        public void Add(T item)
        {
            if (_count == _items.Length)
            {
                var larger = new T[_items.Length * 2];
                for (int i = 0; i < _count; i++) larger[i] = _items[i];
                _items = larger;
            }
            _items[_count++] = item;
        }

        public void Insert(int index, T item)
        {
            Add(item);
            for (int i = _count - 1; i > index; i--) _items[i] = _items[i - 1];
            _items[index] = item;
        }

        public void RemoveAt(int index)
        {
            for (int i = index + 1; i < _count; i++) _items[i - 1] = _items[i];
            _items[--_count] = default;
        }

        public void Clear()
        {
            for (int i = 0; i < _count; i++) _items[i] = default;
            _count = 0;
        }

        public T[] ToArray()
        {
            var result = new T[_count];
            for (int i = 0; i < _count; i++) result[i] = _items[i];
            return result;
        }
    }
}
