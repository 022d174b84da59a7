using System;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;

namespace Zos.Shell.Tools
{
    // `blk bench`: keeps `depth` requests of `size` bytes outstanding on one
    // device for a while, sequential (wrapping at the end of the device) or at
    // random aligned offsets, and measures throughput and latency. Each
    // request's data starts on a page, as fio's buffers do: a byte array's
    // data does not (it follows the array's header), and QEMU reading or
    // writing the host file with O_DIRECT (cache=none) copies every request
    // whose memory is not aligned through a bounce buffer of its own, which
    // halved 1 MiB reads on NVMe.
    public sealed class BlockBenchmark
    {
        public const int PageBytes = 4096;
        private const int MaxSamples = 100_000;
        private const int WaitSliceMilliseconds = 1000;

        private readonly BlockClient _client;
        private readonly IMonotonicClock _clock;
        private readonly bool _sequential;
        private readonly BlockOperation _operation;
        private readonly int _sectors;
        private readonly ulong _span;
        private ulong _next;
        private ulong _latencyTotal;
        private ulong _random = 0x9E3779B97F4A7C15UL;
        // Where each slot's request starts in its buffer (on a page).
        private int[] _offsets;

        public BlockBenchmark(BlockClient client, IMonotonicClock clock, bool sequential, BlockOperation operation, int bytes)
        {
            _client = client;
            _clock = clock;
            _sequential = sequential;
            _operation = operation;
            _sectors = bytes / BlockDeviceInfo.SectorSize;
            // Whole requests that fit the device.
            _span = client.Device.Info.Sectors / (ulong)_sectors;
        }

        public LatencyRecorder Latencies { get; } = new LatencyRecorder(MaxSamples);
        public ulong Bytes { get; private set; }
        public ulong ElapsedNanoseconds { get; private set; }
        public ulong MeanLatencyNanoseconds => Latencies.Count == 0 ? 0 : _latencyTotal / (ulong)Latencies.Count;
        public int Failures { get; private set; }
        public string FirstError { get; private set; }

        // Null, or why it could not run. Requests completing in the first
        // rampNanoseconds are not counted (like fio's ramp_time); the measured
        // time runs from the ramp's end until the last request is back.
        // atHalfTime, if any, is called once halfway through the measured time
        // (e.g. to crash the driver under load).
        public string Run(int depth, ulong rampNanoseconds, ulong durationNanoseconds, Action atHalfTime = null)
        {
            if (_span == 0) return "the device is smaller than one request";
            var buffers = new byte[depth][];
            _offsets = new int[depth];
            for (int i = 0; i < depth; i++)
            {
                buffers[i] = new byte[BufferBytes(_sectors * BlockDeviceInfo.SectorSize)];
                _offsets[i] = PageOffset(buffers[i]);
            }
            ulong measureFrom = _clock.NowNanoseconds + rampNanoseconds;
            ulong halfTime = measureFrom + durationNanoseconds / 2;
            ulong end = measureFrom + durationNanoseconds;
            for (int i = 0; i < depth; i++)
            {
                string error = Submit(buffers[i], (ulong)i);
                if (error is not null) return error;
            }
            while (_client.Outstanding > 0)
            {
                if (!_client.WaitForCompletion(WaitSliceMilliseconds)) continue;
                while (_client.TryTakeCompletion(out BlockCompletion completion))
                {
                    BlockRequest request = completion.Request;
                    ulong now = _clock.NowNanoseconds;
                    if (request.Status != BlockStatus.Ok && Failures++ == 0) FirstError = request.Error;
                    // Throughput, IOPS and latency count what the device did; failures are counted apart.
                    if (now >= measureFrom && request.Status == BlockStatus.Ok)
                    {
                        ulong latency = request.CompletedNanoseconds - request.SubmittedNanoseconds;
                        Latencies.Add(latency);
                        _latencyTotal += latency;
                        Bytes += (ulong)request.Sectors * BlockDeviceInfo.SectorSize;
                    }
                    if (atHalfTime is not null && now >= halfTime)
                    {
                        atHalfTime();
                        atHalfTime = null;
                    }
                    if (now < end) Submit(buffers[completion.Tag], completion.Tag);
                }
            }
            ulong finished = _clock.NowNanoseconds;
            ElapsedNanoseconds = finished > measureFrom ? finished - measureFrom : 0;
            return null;
        }

        // What one request's buffer takes: its bytes and room to start them on a page.
        public static ulong BufferBytes(int requestBytes) => (ulong)requestBytes + PageBytes;

        // Where in an array whose data starts at `address` the first page begins.
        public static int OffsetToPage(ulong address) => (int)((PageBytes - (address & (PageBytes - 1))) & (PageBytes - 1));

        // The kernel's collector does not move objects, so the offset holds for the run.
        private static unsafe int PageOffset(byte[] buffer)
        {
            fixed (byte* data = buffer) return OffsetToPage((ulong)data);
        }

        private string Submit(byte[] buffer, ulong slot) =>
            _client.Submit(_operation, NextSector(), _sectors, buffer, _offsets[slot], slot);

        private ulong NextSector()
        {
            ulong index;
            if (_sequential) index = _next++ % _span;
            else
            {
                // xorshift64: cheap, and the same sequence every run.
                _random ^= _random << 13;
                _random ^= _random >> 7;
                _random ^= _random << 17;
                index = _random % _span;
            }
            return index * (ulong)_sectors;
        }
    }
}
