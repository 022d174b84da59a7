namespace Zos.Shell.Tools
{
    // Request latencies of one benchmark run, and their percentiles. Keeps up to
    // Capacity samples (later ones are counted in Count but not kept).
    public sealed class LatencyRecorder
    {
        private readonly ulong[] _samples;
        private int _kept;
        private bool _sorted;

        public LatencyRecorder(int capacity)
        {
            _samples = new ulong[capacity];
        }

        public int Count { get; private set; }

        public void Add(ulong nanoseconds)
        {
            Count++;
            if (_kept == _samples.Length) return;
            _samples[_kept++] = nanoseconds;
            _sorted = false;
        }

        // The latency below which `percent` of the kept samples fall (nearest rank); 0 without samples.
        public ulong Percentile(int percent)
        {
            if (_kept == 0) return 0;
            if (!_sorted) Sort();
            int rank = (percent * _kept + 99) / 100;
            return _samples[rank < 1 ? 0 : rank - 1];
        }

        // Heapsort: in place, no recursion, n log n whatever the order.
        private void Sort()
        {
            for (int start = _kept / 2 - 1; start >= 0; start--) SiftDown(start, _kept);
            for (int end = _kept - 1; end > 0; end--)
            {
                ulong largest = _samples[0];
                _samples[0] = _samples[end];
                _samples[end] = largest;
                SiftDown(0, end);
            }
            _sorted = true;
        }

        private void SiftDown(int root, int count)
        {
            while (true)
            {
                int child = 2 * root + 1;
                if (child >= count) return;
                if (child + 1 < count && _samples[child + 1] > _samples[child]) child++;
                if (_samples[root] >= _samples[child]) return;
                ulong swap = _samples[root];
                _samples[root] = _samples[child];
                _samples[child] = swap;
                root = child;
            }
        }
    }
}
