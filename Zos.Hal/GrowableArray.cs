namespace Zos.Hal.Pci
{
    // An append-only array builder (the corlib has no List<T>).
    internal sealed class GrowableArray<T>
    {
        private T[] _items = new T[4];
        private int _count;

        public int Count => _count;

        public T this[int index] => _items[index];

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

        public T[] ToArray()
        {
            var result = new T[_count];
            for (int i = 0; i < _count; i++) result[i] = _items[i];
            return result;
        }
    }
}
