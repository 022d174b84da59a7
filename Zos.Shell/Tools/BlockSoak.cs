using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;

namespace Zos.Shell.Tools
{
    // A client that keeps writing and verifying a region of a device, to show
    // that nothing is lost, duplicated or corrupted while the driver crashes
    // underneath (`blk soak`). Each of Workers owns its own area: it writes a
    // pattern of (worker, round), reads the area back, checks it, and goes on
    // with the next round. Every request carries a tag; a completion must name
    // the one request its worker has outstanding, exactly once.
    // Used by one thread: Step takes what completed and submits what follows.
    public sealed class BlockSoak
    {
        private readonly BlockClient _client;
        private readonly ulong _firstSector;
        private readonly int _sectorsPerArea;
        private readonly byte[][] _buffers;
        private readonly ulong[] _outstandingTag;
        private readonly bool[] _reading;
        private readonly int[] _round;
        private ulong _nextTag = 1;

        public BlockSoak(BlockClient client, ulong firstSector, int workers, int sectorsPerArea)
        {
            _client = client;
            _firstSector = firstSector;
            _sectorsPerArea = sectorsPerArea;
            Workers = workers;
            _buffers = new byte[workers][];
            _outstandingTag = new ulong[workers];
            _reading = new bool[workers];
            _round = new int[workers];
            for (int i = 0; i < workers; i++) _buffers[i] = new byte[sectorsPerArea * BlockDeviceInfo.SectorSize];
        }

        public int Workers { get; }
        public ulong Submitted { get; private set; }
        public ulong Completed { get; private set; }
        // Completions naming no outstanding request (a duplicate, or a stray tag).
        public ulong Unexpected { get; private set; }
        public ulong Mismatches { get; private set; }
        public ulong Failures { get; private set; }
        public string FirstProblem { get; private set; }
        // Rounds verified, over all workers.
        public ulong Verified { get; private set; }
        public int Outstanding => _client.Outstanding;

        public ulong SectorsUsed => (ulong)(Workers * _sectorsPerArea);

        public string Start()
        {
            for (int worker = 0; worker < Workers; worker++)
            {
                string error = Write(worker);
                if (error is not null) return error;
            }
            return null;
        }

        // Takes completions (waiting up to waitMilliseconds for the first) and,
        // unless stopping, submits each worker's next request. False when none came.
        public bool Step(int waitMilliseconds, bool stopping)
        {
            if (!_client.WaitForCompletion(waitMilliseconds)) return false;
            while (_client.TryTakeCompletion(out BlockCompletion completion))
            {
                Completed++;
                int worker = (int)(completion.Tag % (ulong)Workers);
                if (_outstandingTag[worker] != completion.Tag)
                {
                    Problem("completion of tag " + completion.Tag.ToString() + ", which is not outstanding");
                    Unexpected++;
                    continue;
                }
                _outstandingTag[worker] = 0;
                BlockRequest request = completion.Request;
                if (request.Status != BlockStatus.Ok)
                {
                    Failures++;
                    Problem(request.Error);
                    continue;
                }
                if (_reading[worker])
                {
                    int mismatch = FirstMismatch(worker);
                    if (mismatch >= 0)
                    {
                        Mismatches++;
                        Problem("worker " + worker.ToString() + " round " + _round[worker].ToString() + ": byte " + mismatch.ToString()
                            + " of its area differs");
                    }
                    else Verified++;
                    _round[worker]++;
                }
                if (stopping) continue;
                string error = _reading[worker] ? Write(worker) : Read(worker);
                if (error is not null) Problem(error);
            }
            return true;
        }

        private void Problem(string what)
        {
            if (FirstProblem is null) FirstProblem = what;
        }

        private string Write(int worker)
        {
            byte[] buffer = _buffers[worker];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = Expected(worker, _round[worker], i);
            _reading[worker] = false;
            return Submit(worker, BlockOperation.Write);
        }

        private string Read(int worker)
        {
            byte[] buffer = _buffers[worker];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = 0;
            _reading[worker] = true;
            return Submit(worker, BlockOperation.Read);
        }

        private string Submit(int worker, BlockOperation operation)
        {
            // Tags are ≡ worker (mod Workers), so a completion names its worker.
            ulong tag = _nextTag * (ulong)Workers + (ulong)worker;
            _nextTag++;
            ulong sector = _firstSector + (ulong)(worker * _sectorsPerArea);
            string error = _client.Submit(operation, sector, _sectorsPerArea, _buffers[worker], 0, tag);
            if (error is not null) return error;
            _outstandingTag[worker] = tag;
            Submitted++;
            return null;
        }

        private int FirstMismatch(int worker)
        {
            byte[] buffer = _buffers[worker];
            for (int i = 0; i < buffer.Length; i++)
                if (buffer[i] != Expected(worker, _round[worker], i)) return i;
            return -1;
        }

        private static byte Expected(int worker, int round, int index) => (byte)(worker * 31 + round * 7 + index + (index >> 9));
    }
}
