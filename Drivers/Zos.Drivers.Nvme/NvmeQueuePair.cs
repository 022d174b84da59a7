using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Nvme
{
    // One submission queue and the completion queue it posts to (NVMe 1.4,
    // 4.1 and 4.6), both rings in DMA memory, their doorbells in BAR 0.
    //
    // A command takes a slot (0 .. Entries-2: a ring of n entries holds n-1
    // commands, 4.1.2); its command id is the slot in bits 7:0 and a count of
    // the slot's uses in 15:8, so a late or repeated completion for a slot
    // that has been used again is still told apart. Completions are taken by
    // phase tag (4.6.2: the controller inverts it on each pass through the
    // ring). The pair keeps its own record of what it submitted, so a
    // completion for a command id never issued or already completed, for
    // another queue, or with a submission queue head outside the queue or past
    // what was submitted, is an NvmeProtocolException thrown before the
    // record changes. Doorbells are written once per batch
    // (RingSubmissionDoorbell, AcknowledgeCompletions).
    //
    // Not thread-safe: the driver's one thread uses it. Submit and
    // TryTakeCompletion allocate nothing; protocol errors do.
    public sealed class NvmeQueuePair
    {
        public const int SubmissionEntryBytes = NvmeCommand.Bytes;   // 2^6: CC.IOSQES 6
        public const int CompletionEntryBytes = 16;                  // 2^4: CC.IOCQES 4
        // The slot lives in the command id's low byte.
        public const int MaxEntries = 256;
        public const int MinEntries = 2;

        private readonly MmioRegion _bar;
        private readonly ulong _submissionDoorbell;
        private readonly ulong _completionDoorbell;
        private readonly DmaBuffer _submissions;
        private readonly DmaBuffer _completions;
        private readonly byte[] _entry = new byte[SubmissionEntryBytes];
        private readonly ushort[] _commandIds;
        private readonly bool[] _busy;
        private readonly byte[] _uses;
        // Per slot, the command id completed last: a second completion for it is a duplicate.
        private readonly int[] _lastCompleted;
        private readonly int[] _free;
        private int _freeCount;
        private int _tail;
        private int _rungTail;
        // The submission queue head as the controller last reported it.
        private int _head;
        private int _completionHead;
        private bool _completionHeadMoved;
        private int _phase;

        public NvmeQueuePair(MmioRegion bar, NvmeControllerCapabilities capabilities, int id, DmaBuffer submissions, DmaBuffer completions, int entries)
        {
            if (entries < MinEntries || entries > MaxEntries || entries > capabilities.MaxQueueEntries)
                throw new ArgumentOutOfRangeException("entries", "a queue of " + MinEntries.ToString() + " to " + Math.Min(MaxEntries, capabilities.MaxQueueEntries).ToString()
                    + " entries, not " + entries.ToString());
            if (submissions.Length < entries * SubmissionEntryBytes || completions.Length < entries * CompletionEntryBytes)
                throw new ArgumentException("queue memory of " + submissions.Length.ToString() + " and " + completions.Length.ToString() + " bytes for "
                    + entries.ToString() + " entries");
            if (((submissions.DeviceAddress | completions.DeviceAddress) & (NvmeControllerCapabilities.PageBytes - 1)) != 0)
                throw new ArgumentException("queues must start on a page (4.1.1): 0x" + submissions.DeviceAddress.ToString("x") + ", 0x"
                    + completions.DeviceAddress.ToString("x"));
            _bar = bar;
            Id = id;
            Entries = entries;
            _submissionDoorbell = capabilities.SubmissionDoorbell(id);
            _completionDoorbell = capabilities.CompletionDoorbell(id);
            _submissions = submissions;
            _completions = completions;
            _commandIds = new ushort[entries - 1];
            _busy = new bool[entries - 1];
            _uses = new byte[entries - 1];
            _lastCompleted = new int[entries - 1];
            _free = new int[entries - 1];
            Forget();
        }

        public int Id { get; }
        public int Entries { get; }
        // Commands in flight at most.
        public int Slots => Entries - 1;
        public int InFlight => Slots - _freeCount;
        public ulong SubmissionQueueAddress => _submissions.DeviceAddress;
        public ulong CompletionQueueAddress => _completions.DeviceAddress;
        // The slot the next Submit takes, or -1 while none is free (or the
        // ring is full: a controller that reports its head late holds entries longer).
        public int NextSlot => _freeCount == 0 || Distance(_head, _tail) == Entries - 1 ? -1 : _free[_freeCount - 1];

        public bool IsBusy(int slot) => _busy[slot];

        public ushort CommandId(int slot) => _commandIds[slot];

        // Writes the command at the tail in slot NextSlot and returns that
        // slot; the controller sees it at the next RingSubmissionDoorbell.
        public int Submit(in NvmeCommand command)
        {
            if (NextSlot < 0) throw new InvalidOperationException(Name() + " is full (" + InFlight.ToString() + " commands in flight)");
            int slot = _free[--_freeCount];
            ushort commandId = (ushort)(slot | _uses[slot] << 8);
            _uses[slot]++;
            command.WriteTo(_entry, commandId);
            _submissions.CopyFrom(_tail * SubmissionEntryBytes, _entry);
            _commandIds[slot] = commandId;
            _busy[slot] = true;
            _tail = (_tail + 1) % Entries;
            return slot;
        }

        // SQyTDBL: the new tail, when anything was submitted since the last ring.
        public void RingSubmissionDoorbell()
        {
            if (_tail == _rungTail) return;
            _rungTail = _tail;
            _bar.Write32(_submissionDoorbell, (uint)_tail);
        }

        // The next completion when the controller has posted one (its phase
        // tag is the current pass's), after checking it against what was submitted.
        public bool TryTakeCompletion(out NvmeCompletion completion)
        {
            completion = default;
            int at = _completionHead * CompletionEntryBytes;
            uint dword3 = _completions.Read32(at + 12);
            if ((int)((dword3 >> 16) & 1) != _phase) return false;
            uint dword2 = _completions.Read32(at + 8);
            int head = (int)(dword2 & 0xFFFF), queue = (int)(dword2 >> 16);
            ushort commandId = (ushort)dword3;
            int slot = commandId & 0xFF;
            if (queue != Id)
                throw new NvmeProtocolException(Name() + ": a completion (command id 0x" + commandId.ToString("x4") + ") names submission queue "
                    + queue.ToString());
            if (head >= Entries)
                throw new NvmeProtocolException(Name() + ": a completion (command id 0x" + commandId.ToString("x4") + ") reports submission queue head "
                    + head.ToString() + ", beyond the queue's " + Entries.ToString() + " entries");
            // The controller fetches only what a doorbell announced.
            if (Distance(_head, head) > Distance(_head, _rungTail))
                throw new NvmeProtocolException(Name() + ": a completion (command id 0x" + commandId.ToString("x4") + ") reports submission queue head "
                    + head.ToString() + ", past the tail " + _rungTail.ToString() + " (head was " + _head.ToString() + "): commands never submitted fetched");
            if (slot >= Slots || !_busy[slot] || _commandIds[slot] != commandId)
                throw new NvmeProtocolException(Name() + ": " + (slot < Slots && _lastCompleted[slot] == commandId
                    ? "a second completion for command id 0x" + commandId.ToString("x4") + ", which had completed"
                    : "a completion for command id 0x" + commandId.ToString("x4") + ", which was never issued")
                    + (slot < Slots && _busy[slot] ? " (slot " + slot.ToString() + " holds 0x" + _commandIds[slot].ToString("x4") + ")" : ""));
            completion = new NvmeCompletion(slot, _completions.Read32(at), (ushort)(dword3 >> 17));
            _busy[slot] = false;
            _lastCompleted[slot] = commandId;
            _free[_freeCount++] = slot;
            _head = head;
            _completionHead++;
            if (_completionHead == Entries)
            {
                _completionHead = 0;
                _phase ^= 1;
            }
            _completionHeadMoved = true;
            return true;
        }

        // CQyHDBL: the entries taken are the controller's again (4.6.2).
        public void AcknowledgeCompletions()
        {
            if (!_completionHeadMoved) return;
            _completionHeadMoved = false;
            _bar.Write32(_completionDoorbell, (uint)_completionHead);
        }

        // After a controller reset (which empties every queue, 7.3.2): nothing
        // in flight, both rings from their start, the completion ring zeroed so
        // that old entries do not carry the first pass's phase tag.
        public void Reset()
        {
            for (int at = 0; at < Entries * CompletionEntryBytes; at += 8) _completions.Write64(at, 0);
            Forget();
        }

        private void Forget()
        {
            for (int slot = 0; slot < Slots; slot++)
            {
                _busy[slot] = false;
                _lastCompleted[slot] = -1;
                // Lowest slot first out of the stack.
                _free[slot] = Slots - 1 - slot;
            }
            _freeCount = Slots;
            _tail = _rungTail = _head = _completionHead = 0;
            _completionHeadMoved = false;
            // 4.6.2: the first pass's entries carry phase tag 1 (the memory starts zeroed).
            _phase = 1;
        }

        // How far `to` is ahead of `from` in the ring.
        private int Distance(int from, int to) => (to - from + Entries) % Entries;

        private string Name() => (Id == 0 ? "admin queue" : "I/O queue " + Id.ToString());
    }
}
