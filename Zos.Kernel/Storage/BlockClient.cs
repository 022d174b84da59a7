using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Kernel.Storage
{
    // One client's asynchronous access to one block device: requests go in
    // with a tag, completions come back on the client's own ring (filled by the
    // device's service thread, emptied by the client: one producer, one
    // consumer) and ring its doorbell. Used by one thread. At most Capacity requests are
    // outstanding, so the ring never overflows.
    public sealed class BlockClient
    {
        private readonly BlockDevice _device;
        private readonly Ring<BlockCompletion> _completions;
        private readonly Doorbell _doorbell;
        private int _outstanding;

        public BlockClient(BlockDevice device, int capacity, Doorbell doorbell)
        {
            _device = device;
            _completions = new Ring<BlockCompletion>(capacity);
            _doorbell = doorbell;
        }

        public BlockDevice Device => _device;
        public int Capacity => _completions.Capacity;
        public int Outstanding => _outstanding;

        // Null, or why the request was not taken (ring full, bad request).
        public string Submit(BlockOperation operation, ulong sector, int sectors, byte[] buffer, int offset, ulong tag)
        {
            if (_outstanding == _completions.Capacity) return "all " + _completions.Capacity.ToString() + " requests of this client are outstanding";
            var request = new BlockRequest(operation, sector, sectors, buffer, offset, finished =>
            {
                _completions.TryEnqueue(new BlockCompletion { Request = finished, Tag = tag });
                _doorbell.Ring();
            });
            string error = _device.Submit(request);
            if (error is null) _outstanding++;
            return error;
        }

        public bool TryTakeCompletion(out BlockCompletion completion)
        {
            if (!_completions.TryDequeue(out completion)) return false;
            _outstanding--;
            return true;
        }

        // True when a completion is there to take.
        public bool WaitForCompletion(int timeoutMilliseconds) =>
            !_completions.IsEmpty || (_doorbell.Wait(timeoutMilliseconds) && !_completions.IsEmpty);
    }
}
