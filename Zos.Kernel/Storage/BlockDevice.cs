using Zos.Hal;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Storage
{
    // A block device as clients see it ("blk0"): it outlives the driver
    // incarnations that serve it. Client requests wait here, split to the
    // driver's limits; each part is handed to the running incarnation and
    // stays here until answered. When the incarnation ends, every part it had
    // not answered is handed to the next one (at most MaxReplays times, then
    // the request fails with DeviceFailed), so a client sees added latency,
    // never a lost or a duplicated completion.
    //
    // Submit may be called from any thread; Pump from one service thread,
    // which Wake wakes (the channel's completion doorbell too).
    public sealed class BlockDevice
    {
        public const int MaxReplays = 10;
        // Generous for TCG: a 1 MiB request takes milliseconds, not seconds.
        public const int RequestDeadlineMilliseconds = 10_000;

        private readonly object _sync = new object();
        private readonly IBlockDriverLink _link;
        private readonly IMonotonicClock _clock;
        // Submitted, not yet split (the limits are known once the device is identified).
        private readonly GrowableArray<BlockRequest> _incoming = new GrowableArray<BlockRequest>();
        // Parts waiting for the driver; replays go first.
        private readonly GrowableArray<BlockPiece> _queued = new GrowableArray<BlockPiece>();
        // Parts handed to the current session.
        private readonly GrowableArray<BlockPiece> _inFlight = new GrowableArray<BlockPiece>();
        // Parts lent to an incarnation that ended, until its device is stopped:
        // only then may the client's memory be handed on or given back.
        private readonly GrowableArray<BlockPiece> _parked = new GrowableArray<BlockPiece>();
        private readonly GrowableArray<BlockRequest> _done = new GrowableArray<BlockRequest>();
        private BlockDriverSession _session;
        private BlockPiece _identify;
        // A new incarnation is asked Identify before anything else (its interrupt mode may differ, say).
        private bool _identifyDue;
        private int _nextTag = 1;

        public BlockDevice(string name, IBlockDriverLink link, IMonotonicClock clock, Doorbell wake)
        {
            Name = name;
            _link = link;
            _clock = clock;
            Wake = wake;
        }

        public string Name { get; }
        public Doorbell Wake { get; }
        // Null until the first incarnation answered Identify.
        public BlockDeviceInfo Info { get; private set; }
        public ulong RequestsServed { get; private set; }
        public ulong RequestsFailed { get; private set; }
        // Parts handed again to a new incarnation.
        public ulong PartsReplayed { get; private set; }
        // Answers naming no part in flight (ignored).
        public ulong StrayCompletions { get; private set; }
        public int InFlight => _inFlight.Count;
        // Parts waiting for an ended incarnation's device to be stopped.
        public int Parked => _parked.Count;
        public int Incarnation => _session?.Incarnation ?? 0;

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
            Wake.Ring();
            return null;
        }

        private static string Check(BlockRequest request)
        {
            if (request.Sectors < 0) return "a negative sector count";
            bool moves = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write;
            if (moves && request.Sectors == 0) return "a transfer of no sectors";
            long bytes = moves ? (long)request.Sectors * BlockDeviceInfo.SectorSize : request.Operation == BlockOperation.GetId ? BlockDeviceId.Bytes : 0;
            if (bytes > 0 && (request.Buffer is null || request.Offset < 0 || request.Offset + bytes > request.Buffer.Length))
                return "the buffer does not hold " + bytes.ToString() + " bytes from offset " + request.Offset.ToString();
            if (request.Operation == BlockOperation.Identify) return "identify is the device's own request";
            return null;
        }

        // Follows the driver (a new incarnation, a failed one), takes its
        // answers, hands it queued parts, then calls the completed requests' callbacks.
        public void Pump()
        {
            lock (_sync)
            {
                Follow();
                if (_session is not null) TakeCompletions();
                SplitIncoming();
                if (_session is not null) Dispatch();
            }
            CompleteDone();
        }

        private void Follow()
        {
            BlockDriverSession current = _link.Current;
            if (current != _session)
            {
                if (_session is not null)
                {
                    // Its answers so far are real: take them before replaying the rest
                    // (each with a new loan, to the next incarnation).
                    TakeCompletions();
                    for (int i = _inFlight.Count - 1; i >= 0; i--)
                    {
                        BlockPiece piece = _inFlight[i];
                        if (piece.Lent is null) Requeue(piece);
                        else
                        {
                            EndLoan(piece);
                            _parked.Add(piece);
                        }
                    }
                    _inFlight.Clear();
                }
                _session = current;
                _identifyDue = current is not null;
            }
            if (_parked.Count > 0 && _link.EndedDeviceStopped)
            {
                // Parked newest first; requeued so that the oldest goes first again.
                for (int i = 0; i < _parked.Count; i++) Requeue(_parked[i]);
                _parked.Clear();
            }
            string failed = _link.FailedReason;
            if (_session is null && failed is not null) FailEverything(Name + "'s driver has failed: " + failed);
        }

        private void Requeue(BlockPiece piece)
        {
            if (piece == _identify)
            {
                _identify = null;
                return;
            }
            if (++piece.Lost > MaxReplays)
            {
                Finish(piece, BlockStatus.DeviceFailed, Name + ": its driver ended " + piece.Lost.ToString() + " times while serving this request");
                return;
            }
            PartsReplayed++;
            if (piece.Lost > piece.Parent.Replays) piece.Parent.Replays = piece.Lost;
            _queued.Insert(0, piece);
        }

        private void FailEverything(string reason)
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

        private void TakeCompletions()
        {
            DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel = _session.Channel;
            while (channel.TryTakeCompletion(out BlockDriverCompletion completion))
            {
                int index = IndexInFlight(completion.Tag);
                if (index < 0)
                {
                    StrayCompletions++;
                    continue;
                }
                BlockPiece piece = _inFlight[index];
                _inFlight.RemoveAt(index);
                EndLoan(piece);
                _session.Finished(completion.Tag);
                if (piece == _identify) Identified(completion);
                else Finish(piece, completion.Status, completion.Error);
            }
        }

        private void Identified(in BlockDriverCompletion completion)
        {
            _identify = null;
            if (completion.Status != BlockStatus.Ok || completion.Info is null || completion.Info.MaxSectorsPerRequest <= 0)
            {
                // Asked again of the next incarnation; a driver that cannot identify its device should fail.
                StrayCompletions++;
                return;
            }
            Info = completion.Info;
            _identifyDue = false;
        }

        private int IndexInFlight(int tag)
        {
            for (int i = 0; i < _inFlight.Count; i++)
                if (_inFlight[i].Tag == tag) return i;
            return -1;
        }

        // Splits what came in, once the limits are known; requests the device
        // cannot take at all complete at once with the reason.
        private void SplitIncoming()
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
                int step = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write ? PartSectors() : int.MaxValue;
                int parts = request.Sectors == 0 ? 1 : (request.Sectors + step - 1) / step;
                request.PiecesLeft = parts;
                for (int part = 0; part < parts; part++)
                {
                    int first = part * (step == int.MaxValue ? 0 : step);
                    int count = request.Sectors - first < step ? request.Sectors - first : step;
                    _queued.Add(new BlockPiece(request, request.Sector + (ulong)first, count, request.Offset + first * BlockDeviceInfo.SectorSize));
                }
            }
        }

        // Parts are cut once; a replay goes to the next incarnation of the same
        // link, which lends as this one did. A part larger than the copying
        // limit whose memory could not be lent is refused by the driver.
        private int PartSectors() =>
            _session is not null && _session.Lends && Info.MaxSectorsPerLentRequest > 0 ? Info.MaxSectorsPerLentRequest : Info.MaxSectorsPerRequest;

        private string Refusal(BlockRequest request, out BlockStatus status)
        {
            status = BlockStatus.OutOfRange;
            bool moves = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write;
            if (moves && (request.Sector >= Info.Sectors || (ulong)request.Sectors > Info.Sectors - request.Sector))
                return "sectors " + request.Sector.ToString() + "+" + request.Sectors.ToString() + " are beyond " + Name + "'s "
                    + Info.Sectors.ToString() + " sectors";
            status = BlockStatus.ReadOnly;
            if (request.Operation == BlockOperation.Write && Info.ReadOnly) return Name + " is read-only";
            return null;
        }

        // Hands queued parts to the session while its ring has room; the first
        // thing a new session gets is Identify.
        private void Dispatch()
        {
            if (_identifyDue)
            {
                if (_identify is null)
                {
                    var identify = new BlockPiece(null, 0, 0, 0);
                    if (Send(identify, BlockOperation.Identify)) _identify = identify;
                }
                return;
            }
            while (_queued.Count > 0)
            {
                BlockPiece piece = _queued[0];
                if (!Send(piece, piece.Parent.Operation)) return;
                _queued.RemoveAt(0);
            }
        }

        // The part's slice of the client buffer is lent to the driver until the
        // part is answered (the piece keeps the client's array alive meanwhile).
        private bool Send(BlockPiece piece, BlockOperation operation)
        {
            if (piece.Parent is not null)
                piece.Lent = _session.Lend(piece.Parent.Buffer, piece.Offset, piece.Sectors * BlockDeviceInfo.SectorSize, operation);
            piece.Tag = _nextTag++;
            if (_nextTag == int.MaxValue) _nextTag = 1;
            var request = new BlockDriverRequest
            {
                Tag = piece.Tag,
                Operation = operation,
                Sector = piece.Sector,
                Sectors = piece.Sectors,
                Buffer = piece.Parent?.Buffer,
                BufferOffset = piece.Offset,
                Data = piece.Lent,
            };
            if (!_session.Channel.TrySubmit(request))
            {
                EndLoan(piece);
                return false;
            }
            _inFlight.Add(piece);
            _session.Started(piece.Tag, RequestDeadlineMilliseconds);
            return true;
        }

        private void EndLoan(BlockPiece piece)
        {
            _session.EndLoan(piece.Lent);
            piece.Lent = null;
        }

        private void Finish(BlockPiece piece, BlockStatus status, string error)
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
        private void CompleteDone()
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
