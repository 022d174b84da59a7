using System;
using Zos.Hal;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Storage
{
    // A block device as clients see it ("blk0", "ahci0p2"): one unit of a
    // driver instance, outliving the incarnations that serve it. Client
    // requests wait here, split to the unit's limits, until its controller
    // hands the parts to the running incarnation; a part stays accounted here
    // until answered, and goes back to the front of the queue when the
    // incarnation ends. Its lock is its controller's.
    public sealed class BlockDevice
    {
        private readonly object _sync;
        private readonly IMonotonicClock _clock;
        // Submitted, not yet split (the limits are known once the unit is identified).
        private readonly GrowableArray<BlockRequest> _incoming = new GrowableArray<BlockRequest>();
        // Parts waiting for the driver; replays go first.
        private readonly GrowableArray<BlockPiece> _queued = new GrowableArray<BlockPiece>();
        private readonly GrowableArray<BlockRequest> _done = new GrowableArray<BlockRequest>();

        internal BlockDevice(string name, int unit, BlockController controller, object sync, IMonotonicClock clock)
        {
            Name = name;
            Unit = unit;
            Controller = controller;
            _sync = sync;
            _clock = clock;
        }

        public string Name { get; }
        // Its number in the driver's ListUnits answer (a port, a namespace).
        public int Unit { get; }
        public BlockController Controller { get; }
        // Null until an incarnation answered Identify for it.
        public BlockDeviceInfo Info { get; private set; }
        // The driver incarnation Info came from (an older one's until the running one answers).
        public int IdentifiedBy { get; private set; }
        // Why the running incarnation does not list it any more, or null.
        public string Missing { get; internal set; }
        public ulong RequestsServed { get; private set; }
        public ulong RequestsFailed { get; private set; }
        // Parts handed again to a new incarnation.
        public ulong PartsReplayed { get; private set; }
        // Its parts the running incarnation holds.
        public int InFlight { get; internal set; }

        // Until the running incarnation identified it, its parts wait.
        internal bool IdentifyDue;
        // The running incarnation's Identify answer was unusable: asked again of the next.
        internal bool IdentifyRefused;
        // The Identify in flight, if any.
        internal BlockPiece Identifying;
        internal bool HasQueued => _queued.Count > 0;
        internal BlockPiece NextQueued => _queued[0];
        internal void TakeNextQueued() => _queued.RemoveAt(0);

        // Queues a request; null, or why it cannot be taken at all.
        public string Submit(BlockRequest request)
        {
            string error = Check(request);
            if (error is not null) return error;
            lock (_sync)
            {
                request.SubmittedNanoseconds = _clock.NowNanoseconds;
                _incoming.Add(request);
            }
            Controller.Wake.Ring();
            return null;
        }

        private static string Check(BlockRequest request)
        {
            if (request.Sectors < 0) return "a negative sector count";
            bool moves = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write;
            if (moves && request.Sectors == 0) return "a transfer of no sectors";
            if (IsDataless(request.Operation) && request.Sectors == 0) return "no sectors to zero or discard";
            long bytes = moves ? (long)request.Sectors * BlockDeviceInfo.SectorSize : request.Operation == BlockOperation.GetId ? BlockDeviceId.Bytes : 0;
            if (bytes > 0 && (request.Buffer is null || request.Offset < 0 || request.Offset + bytes > request.Buffer.Length))
                return "the buffer does not hold " + bytes.ToString() + " bytes from offset " + request.Offset.ToString();
            if (request.Operation == BlockOperation.Identify || request.Operation == BlockOperation.ListUnits)
                return "identify and list are the block service's own requests";
            return null;
        }

        internal void Identified(BlockDeviceInfo info, int incarnation)
        {
            Info = info;
            IdentifiedBy = incarnation;
            IdentifyDue = false;
        }

        // A part its incarnation ended without answering: to the front again,
        // unless it was lost too often.
        internal void Requeue(BlockPiece piece)
        {
            if (++piece.Lost > BlockController.MaxReplays)
            {
                Finish(piece, BlockStatus.DeviceFailed, Name + ": its driver ended " + piece.Lost.ToString() + " times while serving this request");
                return;
            }
            PartsReplayed++;
            piece.Parent.Replays = Math.Max(piece.Parent.Replays, piece.Lost);
            _queued.Insert(0, piece);
        }

        internal void FailEverything(string reason)
        {
            while (_queued.Count > 0)
            {
                Finish(_queued[0], BlockStatus.DeviceFailed, reason);
                _queued.RemoveAt(0);
            }
            while (_incoming.Count > 0)
            {
                BlockRequest request = _incoming[0];
                _incoming.RemoveAt(0);
                request.Fail(BlockStatus.DeviceFailed, reason);
                Done(request);
            }
        }

        // Splits what came in, once the limits are known (larger parts when
        // the session lends client memory); requests the unit cannot take at all
        // complete at once with the reason.
        internal void SplitIncoming(bool lends)
        {
            if (Info is null) return;
            while (_incoming.Count > 0)
            {
                BlockRequest request = _incoming[0];
                _incoming.RemoveAt(0);
                string refusal = Refusal(request, out BlockStatus status);
                if (refusal is not null)
                {
                    request.Fail(status, refusal);
                    Done(request);
                    continue;
                }
                if (request.Operation == BlockOperation.Flush && !Info.HasFlush)
                {
                    // Without a flush command the device writes through: nothing to wait for.
                    Done(request);
                    continue;
                }
                // Reads, writes, zeroing and discards have sectors to cut; the others are one part.
                int step = IsDataless(request.Operation) && Info.MaxSectorsPerDatalessRequest > 0 ? Info.MaxSectorsPerDatalessRequest : PartSectors(lends);
                int parts = request.Sectors == 0 ? 1 : (request.Sectors + step - 1) / step;
                request.PiecesLeft = parts;
                for (int part = 0; part < parts; part++)
                {
                    int first = part * step;
                    _queued.Add(new BlockPiece(this, request, request.Sector + (ulong)first, Math.Min(step, request.Sectors - first),
                        request.Offset + first * BlockDeviceInfo.SectorSize));
                }
            }
        }

        // Parts are cut once; a replay goes to the next incarnation of the same
        // link, which lends as this one did. A part larger than the copying
        // limit whose memory could not be lent is refused by the driver.
        private int PartSectors(bool lends) => lends && Info.MaxSectorsPerLentRequest > 0 ? Info.MaxSectorsPerLentRequest : Info.MaxSectorsPerRequest;

        private string Refusal(BlockRequest request, out BlockStatus status)
        {
            status = BlockStatus.OutOfRange;
            bool named = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write || IsDataless(request.Operation);
            if (named && (request.Sector >= Info.Sectors || (ulong)request.Sectors > Info.Sectors - request.Sector))
                return "sectors " + request.Sector.ToString() + "+" + request.Sectors.ToString() + " are beyond " + Name + "'s "
                    + Info.Sectors.ToString() + " sectors";
            status = BlockStatus.ReadOnly;
            if ((request.Operation == BlockOperation.Write || IsDataless(request.Operation)) && Info.ReadOnly) return Name + " is read-only";
            return null;
        }

        // Zeroing and discards name sectors but carry no data: nothing is lent, nothing copied.
        private static bool IsDataless(BlockOperation operation) => operation == BlockOperation.WriteZeroes || operation == BlockOperation.Discard;

        internal void Finish(BlockPiece piece, BlockStatus status, string error)
        {
            BlockRequest request = piece.Parent;
            if (status != BlockStatus.Ok) request.Fail(status, error ?? "status " + ((int)status).ToString());
            if (--request.PiecesLeft == 0) Done(request);
        }

        private void Done(BlockRequest request)
        {
            if (!request.Complete(_clock.NowNanoseconds)) return;
            if (request.Status == BlockStatus.Ok) RequestsServed++;
            else RequestsFailed++;
            _done.Add(request);
        }

        // Outside the lock: a callback may submit the next request.
        internal void CompleteDone()
        {
            while (true)
            {
                BlockRequest request;
                lock (_sync)
                {
                    if (_done.Count == 0) return;
                    request = _done[0];
                    _done.RemoveAt(0);
                }
                request.Completed?.Invoke(request);
            }
        }
    }
}
