using System;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Drivers.Nvme
{
    // The block service's requests on the controller's I/O queue pair, for
    // every namespace: they wait here in order and are issued while the queue
    // has slots (a flush waits until everything before it has completed, so
    // that it covers every write answered before it). Data goes to the device
    // as PRPs over the client's lent memory, or through bounce buffers.
    //
    // Errors stay inside: a failed command fails only its request, with the
    // command, namespace and LBA named, after at most MaxTries tries when its
    // status allows a retry (DNR clear). A command past its deadline is
    // aborted (Abort); when the abort does not end it within
    // AbortTimeoutMilliseconds, or the controller reports a fatal status, the
    // controller is reset and what was in flight is issued again (the try
    // counted). Reap returns why the controller is beyond recovery, if it is:
    // the driver then fails, and its next incarnation starts over.
    internal sealed class NvmeRequests
    {
        public const int MaxTries = 3;
        // Below the block service's 10 s request deadline, so the driver recovers first.
        public const int CommandTimeoutMilliseconds = 4000;
        public const int AbortTimeoutMilliseconds = 1000;
        // Deadlines are looked at this often, not at every completion.
        public const int DeadlineCheckMilliseconds = 100;

        private readonly NvmeController _controller;
        private readonly NvmeQueuePair _io;
        private readonly int _interruptVector;
        private readonly DriverChannel<BlockDriverRequest, BlockDriverCompletion> _channel;
        private readonly BounceBuffers _bounce;
        private readonly NvmeSlotPages _pages;
        // Requests not yet issued, oldest first (a ring), with their namespace and tries so far.
        private readonly BlockDriverRequest[] _waiting;
        private readonly NvmeNamespace[] _waitingNamespace;
        private readonly int[] _waitingTries;
        private int _waitingHead, _waitingCount;
        private readonly BlockDriverRequest[] _inSlot;
        private readonly NvmeNamespace[] _namespaceInSlot;
        private readonly int[] _triesInSlot;
        // Per slot, written at Issue and read only while the slot is in flight: no reset to -1 needed.
        private readonly int[] _bounceInSlot;
        private readonly ulong[] _issuedAt;
        private ulong _nextDeadlineCheck;
        // The I/O slot an Abort is out for (-1: none), its command id, when it went, and its answer.
        private int _abortTarget = -1;
        private ushort _abortTargetId;
        private ulong _abortSentAt;
        private bool _abortAnswered;

        public NvmeRequests(NvmeController controller, NvmeQueuePair io, int interruptVector, int capacity,
            DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel, BounceBuffers bounce, NvmeSlotPages pages)
        {
            _controller = controller;
            _io = io;
            _interruptVector = interruptVector;
            _channel = channel;
            _bounce = bounce;
            _pages = pages;
            _waiting = new BlockDriverRequest[capacity];
            _waitingNamespace = new NvmeNamespace[capacity];
            _waitingTries = new int[capacity];
            _inSlot = new BlockDriverRequest[io.Slots];
            _namespaceInSlot = new NvmeNamespace[io.Slots];
            _triesInSlot = new int[io.Slots];
            _bounceInSlot = new int[io.Slots];
            _issuedAt = new ulong[io.Slots];
        }

        public bool Busy => _io.InFlight > 0 || _waitingCount > 0 || _abortTarget >= 0;
        public int Waiting => _waitingCount;
        public int InFlight => _io.InFlight;
        // Commands aborted and controller resets since the pair was created, and why the last reset was.
        public int Aborts { get; private set; }
        public int Resets { get; private set; }
        public string LastResetReason { get; private set; }

        // A request for `space`: answered at once when it needs no command or cannot be carried out, else queued.
        public void Accept(in BlockDriverRequest request, NvmeNamespace space)
        {
            if (request.Operation == BlockOperation.GetId)
            {
                int length = Math.Min(space.Serial.Length, BlockDeviceId.Bytes);
                for (int i = 0; i < BlockDeviceId.Bytes; i++) request.Buffer[request.BufferOffset + i] = i < length ? (byte)space.Serial[i] : (byte)0;
                _channel.TryComplete(BlockDriverCompletion.Ok(request.Tag));
                return;
            }
            // Without a volatile write cache every write is on the medium when it completes.
            if (request.Operation == BlockOperation.Flush && !space.HasFlush)
            {
                _channel.TryComplete(BlockDriverCompletion.Ok(request.Tag));
                return;
            }
            string refusal = space.Refusal(request, _bounce.BufferBytes, out BlockStatus status);
            if (refusal is not null)
            {
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, status, refusal));
                return;
            }
            int at = (_waitingHead + _waitingCount) % _waiting.Length;
            _waiting[at] = request;
            _waitingNamespace[at] = space;
            _waitingTries[at] = 0;
            _waitingCount++;
        }

        // Issues waiting requests, oldest first, while the queue has slots, then rings the doorbell once.
        public void IssueWhatFits(ulong nowMilliseconds)
        {
            while (_waitingCount > 0 && _io.NextSlot >= 0)
            {
                BlockDriverRequest request = _waiting[_waitingHead];
                if (request.Operation == BlockOperation.Flush && _io.InFlight > 0) break;
                int bounce = -1;
                bool moves = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write;
                if (moves && !NvmeNamespace.CanUseLoan(request))
                {
                    bounce = _bounce.Take();
                    if (bounce < 0) break;
                }
                NvmeNamespace space = _waitingNamespace[_waitingHead];
                int tries = _waitingTries[_waitingHead];
                _waitingHead = (_waitingHead + 1) % _waiting.Length;
                _waitingCount--;
                Issue(request, space, bounce, tries, nowMilliseconds);
            }
            _io.RingSubmissionDoorbell();
        }

        private void Issue(in BlockDriverRequest request, NvmeNamespace space, int bounce, int tries, ulong nowMilliseconds)
        {
            int slot = _io.NextSlot;
            ulong prp1 = 0, prp2 = 0;
            if (request.Operation == BlockOperation.Discard)
            {
                _pages.Publish(slot, space.PutRange(request, _pages.Scratch));
                prp1 = _pages.Address(slot);
            }
            else if (request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write)
            {
                int bytes = request.Sectors * BlockDeviceInfo.SectorSize;
                ulong address;
                if (bounce >= 0)
                {
                    DmaBuffer buffer = _bounce.Buffer(bounce);
                    if (request.Operation == BlockOperation.Write) buffer.CopyFrom(0, new ReadOnlySpan<byte>(request.Buffer, request.BufferOffset, bytes));
                    address = buffer.DeviceAddress;
                }
                else address = request.Data.DeviceAddress;
                int entries = NvmePrp.Build(address, bytes, _pages.Address(slot), _pages.Scratch, out prp1, out prp2);
                if (entries > 0) _pages.Publish(slot, entries * NvmePrp.EntryBytes);
            }
            _inSlot[slot] = request;
            _namespaceInSlot[slot] = space;
            _triesInSlot[slot] = tries + 1;
            _bounceInSlot[slot] = bounce;
            _issuedAt[slot] = nowMilliseconds;
            _io.Submit(space.Command(request, prp1, prp2));
        }

        // After the queue's interrupt (or a wait without one): answers what
        // completed, follows an abort, looks at deadlines and, when nothing
        // completed, at the controller's fatal status. Null, or why the
        // controller is beyond recovery.
        public string Reap(ulong nowMilliseconds)
        {
            bool completed = false;
            while (_io.TryTakeCompletion(out NvmeCompletion completion))
            {
                completed = true;
                Answer(completion);
            }
            _io.AcknowledgeCompletions();
            if (!completed && _io.InFlight > 0 && _controller.IsFatal)
                return Reset("the controller reported a fatal status (CSTS.CFS)", nowMilliseconds);
            if (_abortTarget >= 0) return FollowAbort(nowMilliseconds);
            if (nowMilliseconds < _nextDeadlineCheck) return null;
            _nextDeadlineCheck = nowMilliseconds + DeadlineCheckMilliseconds;
            int late = Oldest(nowMilliseconds);
            return late < 0 ? null : StartAbort(late, nowMilliseconds);
        }

        private void Answer(in NvmeCompletion completion)
        {
            int slot = completion.Slot;
            BlockDriverRequest request = _inSlot[slot];
            _inSlot[slot] = default;
            int bounce = _bounceInSlot[slot];
            if (completion.Succeeded)
            {
                if (bounce >= 0 && request.Operation == BlockOperation.Read)
                    _bounce.Buffer(bounce).CopyTo(0, new Span<byte>(request.Buffer, request.BufferOffset, request.Sectors * BlockDeviceInfo.SectorSize));
                if (bounce >= 0) _bounce.Give(bounce);
                _channel.TryComplete(BlockDriverCompletion.Ok(request.Tag));
                return;
            }
            if (bounce >= 0) _bounce.Give(bounce);
            NvmeNamespace space = _namespaceInSlot[slot];
            int tries = _triesInSlot[slot];
            if (NvmeStatus.Retryable(completion.Status) && tries < MaxTries)
            {
                WaitAgain(request, space, tries);
                return;
            }
            _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, StatusOf(completion.Status),
                space.CommandText(request) + " failed: " + NvmeStatus.Describe(completion.Status)
                + (tries > 1 ? " (try " + tries.ToString() + " of " + MaxTries.ToString() + ")" : "")));
        }

        // The slot in flight longest, when that is beyond the deadline; else -1.
        private int Oldest(ulong nowMilliseconds)
        {
            int oldest = -1;
            for (int slot = 0; slot < _io.Slots; slot++)
                if (_io.IsBusy(slot) && (oldest < 0 || _issuedAt[slot] < _issuedAt[oldest])) oldest = slot;
            return oldest >= 0 && nowMilliseconds - _issuedAt[oldest] >= CommandTimeoutMilliseconds ? oldest : -1;
        }

        // 5.1: Abort names the command by queue and command id.
        private string StartAbort(int slot, ulong nowMilliseconds)
        {
            NvmeQueuePair admin = _controller.Admin;
            string late = _namespaceInSlot[slot].CommandText(_inSlot[slot]) + ": no completion within " + CommandTimeoutMilliseconds.ToString() + " ms";
            if (admin.NextSlot < 0) return Reset(late + "; the admin queue is full", nowMilliseconds);
            Aborts++;
            _abortTarget = slot;
            _abortTargetId = _io.CommandId(slot);
            _abortSentAt = nowMilliseconds;
            _abortAnswered = false;
            admin.Submit(NvmeAdminCommands.Abort(_io.Id, _abortTargetId));
            admin.RingSubmissionDoorbell();
            return null;
        }

        // The abort is over when it was answered and its command completed;
        // a controller that says it did not abort, or takes too long, is reset.
        private string FollowAbort(ulong nowMilliseconds)
        {
            NvmeQueuePair admin = _controller.Admin;
            string late = "command id 0x" + _abortTargetId.ToString("x4") + " had no completion within " + CommandTimeoutMilliseconds.ToString() + " ms";
            if (admin.TryTakeCompletion(out NvmeCompletion answer))
            {
                admin.AcknowledgeCompletions();
                _abortAnswered = true;
                bool targetDone = !_io.IsBusy(_abortTarget) || _io.CommandId(_abortTarget) != _abortTargetId;
                if (!answer.Succeeded && !targetDone) return Reset(late + "; Abort failed: " + NvmeStatus.Describe(answer.Status), nowMilliseconds);
                if ((answer.Result & 1) != 0 && !targetDone) return Reset(late + "; the controller did not abort it", nowMilliseconds);
            }
            if (_abortAnswered && (!_io.IsBusy(_abortTarget) || _io.CommandId(_abortTarget) != _abortTargetId))
            {
                _abortTarget = -1;
                return null;
            }
            if (nowMilliseconds - _abortSentAt >= AbortTimeoutMilliseconds)
                return Reset(late + (_abortAnswered ? "; it did not end " : "; Abort had no answer ") + AbortTimeoutMilliseconds.ToString() + " ms later",
                    nowMilliseconds);
            return null;
        }

        // 7.3.2: a controller reset abandons every command; they wait again
        // (this try counted), the admin and I/O queues are set up anew.
        private string Reset(string why, ulong nowMilliseconds)
        {
            Resets++;
            LastResetReason = why;
            for (int slot = _io.Slots - 1; slot >= 0; slot--)
            {
                if (!_io.IsBusy(slot)) continue;
                BlockDriverRequest request = _inSlot[slot];
                _inSlot[slot] = default;
                if (_bounceInSlot[slot] >= 0) _bounce.Give(_bounceInSlot[slot]);
                if (_triesInSlot[slot] >= MaxTries)
                    _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, BlockStatus.IoError, _namespaceInSlot[slot].CommandText(request)
                        + ": given up after " + MaxTries.ToString() + " tries: " + why));
                else WaitAgain(request, _namespaceInSlot[slot], _triesInSlot[slot]);
            }
            _abortTarget = -1;
            string problem = _controller.Reset();
            if (problem is null)
            {
                _io.Reset();
                problem = _controller.CreateIoQueues(_io, _interruptVector);
            }
            return problem is null ? null : "a controller reset after \"" + why + "\" failed: " + problem;
        }

        // Back to the front of the waiting requests.
        private void WaitAgain(in BlockDriverRequest request, NvmeNamespace space, int tries)
        {
            _waitingHead = (_waitingHead + _waiting.Length - 1) % _waiting.Length;
            _waiting[_waitingHead] = request;
            _waitingNamespace[_waitingHead] = space;
            _waitingTries[_waitingHead] = tries;
            _waitingCount++;
        }

        private static BlockStatus StatusOf(ushort status)
        {
            int type = NvmeStatus.CodeType(status), code = NvmeStatus.Code(status);
            if (type == NvmeStatus.GenericType && code == 0x80) return BlockStatus.OutOfRange;            // LBA out of range
            if (type == NvmeStatus.GenericType && code == 0x01) return BlockStatus.Unsupported;           // invalid opcode
            if ((type == NvmeStatus.GenericType && code == 0x20) || (type == NvmeStatus.CommandSpecificType && code == 0x82))
                return BlockStatus.ReadOnly;                                                               // write protected
            return BlockStatus.IoError;
        }
    }
}
