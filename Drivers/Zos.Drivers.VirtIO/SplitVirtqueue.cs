using System;
using System.Threading;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.VirtIO
{
    // The driver's side of one split virtqueue (virtio 1.2, 2.7) in a DmaBuffer
    // laid out by VirtqueueLayout. One thread owns it (no locking inside).
    //
    // Use: TryAdd chains (each gives its head id), Publish, and notify the device
    // if ShouldNotify says so; later TryTakeUsed until it returns false, then
    // EnableInterruptsAndCheckUsed before waiting for the next interrupt.
    //
    // The device can write anything into the ring memory, so the queue never
    // trusts what it could read back: the free list, each chain and which heads
    // are in flight live in managed arrays, and every used entry is checked
    // against them before anything changes (a bad one throws
    // VirtioProtocolException and leaves the queue as it was).
    public sealed class SplitVirtqueue
    {
        private enum HeadState : byte { Free, Added, Published }

        private readonly DmaBuffer _ring;
        private readonly VirtqueueLayout _layout;
        private readonly IndirectDescriptorTables _indirect;   // null: every chain is direct
        private readonly int _mask;
        private readonly ushort[] _next;             // free list links, and the links of each direct chain
        private readonly HeadState[] _state;          // by head id
        private readonly ushort[] _ringDescriptors;   // descriptors of the queue's table a head's chain holds
        private readonly ulong[] _writableBytes;      // device-writable bytes of a head's chain
        private readonly ushort[] _availableShadow;   // the head in each available ring slot
        private readonly byte[] _encoded;             // one descriptor, or one indirect table
        private int _freeHead;
        private int _freeCount;
        private int _inFlight;             // added, not yet used
        private int _publishedInFlight;    // published, not yet used
        private ushort _addedIndex;        // the available idx once everything added is published
        private ushort _publishedIndex;    // the available idx the device sees
        private ushort _notifiedIndex;     // the available idx at the last ShouldNotify
        private ushort _lastUsed;          // the next used ring entry to take
        private ushort _deviceUsed;        // the used idx as last read

        // negotiatedFeatures decides event indexes (VIRTIO_F_EVENT_IDX) and indirect
        // chains (VIRTIO_F_INDIRECT_DESC, used only when tables are given too).
        public SplitVirtqueue(DmaBuffer ring, int queueSize, ulong negotiatedFeatures, IndirectDescriptorTables indirectTables = null)
        {
            _layout = new VirtqueueLayout(queueSize);
            if (ring.Length < _layout.TotalBytes)
                throw new ArgumentException("a queue of " + queueSize.ToString() + " needs " + _layout.TotalBytes.ToString()
                    + " bytes, the ring buffer has " + ring.Length.ToString());
            if ((ring.DeviceAddress & (VirtqueueLayout.LegacyAlignment - 1)) != 0)
                throw new ArgumentException("the ring must start on a 4096-byte boundary (the legacy interface takes its page number), not at 0x"
                    + ring.DeviceAddress.ToString("x"));
            EventIndex = (negotiatedFeatures & VirtioFeature.EventIndex) != 0;
            if (indirectTables is not null && (negotiatedFeatures & VirtioFeature.IndirectDescriptors) != 0)
            {
                if (indirectTables.QueueSize < queueSize)
                    throw new ArgumentException("indirect tables for a queue of " + indirectTables.QueueSize.ToString()
                        + " cannot serve a queue of " + queueSize.ToString());
                _indirect = indirectTables;
            }
            _ring = ring;
            _mask = queueSize - 1;
            _next = new ushort[queueSize];
            _state = new HeadState[queueSize];
            _ringDescriptors = new ushort[queueSize];
            _writableBytes = new ulong[queueSize];
            _availableShadow = new ushort[queueSize];
            _encoded = new byte[VirtqueueLayout.DescriptorBytes * (_indirect is null ? 1 : _indirect.DescriptorsPerTable)];
            Reset();
        }

        public int QueueSize => _layout.QueueSize;
        public bool EventIndex { get; }
        public bool UsesIndirectDescriptors => _indirect is not null;
        public int FreeDescriptors => _freeCount;
        // Chains added and not yet taken back from the used ring.
        public int InFlight => _inFlight;

        // The three addresses a transport programs (legacy: DescriptorTableAddress >> 12).
        public ulong DescriptorTableAddress => _ring.DeviceAddress + (ulong)_layout.DescriptorTableOffset;
        public ulong AvailableRingAddress => _ring.DeviceAddress + (ulong)_layout.AvailableRingOffset;
        public ulong UsedRingAddress => _ring.DeviceAddress + (ulong)_layout.UsedRingOffset;

        // Forgets every chain and zeroes the rings: only after the device was reset
        // (or before it was given the queue), since it must not touch them any more.
        public void Reset()
        {
            var zeros = new byte[Math.Min(_layout.TotalBytes, VirtqueueLayout.LegacyAlignment)];
            for (int offset = 0; offset < _layout.TotalBytes; offset += zeros.Length)
                _ring.CopyFrom(offset, zeros.AsSpan(0, Math.Min(zeros.Length, _layout.TotalBytes - offset)));
            for (int descriptor = 0; descriptor < QueueSize; descriptor++)
            {
                _next[descriptor] = (ushort)(descriptor + 1);
                _state[descriptor] = HeadState.Free;
            }
            _freeHead = 0;
            _freeCount = QueueSize;
            _inFlight = _publishedInFlight = 0;
            _addedIndex = _publishedIndex = _notifiedIndex = _lastUsed = _deviceUsed = 0;
        }

        // Writes the chain's descriptors and puts its head in the available ring
        // (not yet visible to the device: see Publish). False when the queue lacks
        // the free descriptors now; a chain no queue state could take (empty, longer
        // than the queue, an empty segment, a readable segment after a writable
        // one, over 4 GiB) is an ArgumentException.
        public bool TryAdd(ReadOnlySpan<VirtqueueSegment> chain, out ushort head)
        {
            ulong writable = CheckChain(chain);
            bool indirect = _indirect is not null && chain.Length > 1 && chain.Length <= _indirect.DescriptorsPerTable;
            int needed = indirect ? 1 : chain.Length;
            head = 0;
            if (_freeCount < needed) return false;
            head = (ushort)_freeHead;
            int last = indirect ? WriteIndirect(head, chain) : WriteDirect(head, chain);
            _freeHead = _next[last];
            _freeCount -= needed;
            _ringDescriptors[head] = (ushort)needed;
            _writableBytes[head] = writable;
            _state[head] = HeadState.Added;
            int slot = _addedIndex & _mask;
            _availableShadow[slot] = head;
            _ring.Write16(_layout.AvailableEntryOffset(slot), head);
            _addedIndex++;
            _inFlight++;
            return true;
        }

        // Makes every added chain visible to the device by storing the available
        // idx. The descriptors and ring entries were stored before it, and x86
        // keeps stores in order, so the device never sees the idx before them.
        public void Publish()
        {
            if (_publishedIndex == _addedIndex) return;
            while (_publishedIndex != _addedIndex)
            {
                _state[_availableShadow[_publishedIndex & _mask]] = HeadState.Published;
                _publishedIndex++;
                _publishedInFlight++;
            }
            _ring.Write16(_layout.AvailableIndexOffset, _publishedIndex);
        }

        // Whether the device wants a notification for what was published since the
        // last call: its avail_event with VIRTIO_F_EVENT_IDX, else the used ring's
        // NO_NOTIFY flag.
        public bool ShouldNotify()
        {
            ushort previous = _notifiedIndex, now = _publishedIndex;
            _notifiedIndex = now;
            if (previous == now) return false;
            // The idx store must be visible before the device's wish is read: the one
            // reordering x86 allows (store then load), which would lose a notification.
            Interlocked.MemoryBarrier();
            if (EventIndex) return VirtqueueFormat.PassesEvent(_ring.Read16(_layout.AvailEventOffset), now, previous);
            return (_ring.Read16(_layout.UsedFlagsOffset) & VirtqueueFormat.UsedNoNotify) == 0;
        }

        // The next chain the device has finished, its descriptors back on the free
        // list. A used idx ahead of what is in flight, an id that is no published
        // chain, or more bytes written than the chain's device-writable buffers
        // hold: VirtioProtocolException.
        public bool TryTakeUsed(out VirtqueueUsedEntry entry)
        {
            entry = default;
            if (_lastUsed == _deviceUsed)
            {
                ushort deviceUsed = _ring.Read16(_layout.UsedIndexOffset);
                int advance = (ushort)(deviceUsed - _lastUsed);
                if (advance > _publishedInFlight)
                    throw new VirtioProtocolException("used index jumped from " + _lastUsed.ToString() + " to " + deviceUsed.ToString()
                        + " with " + _publishedInFlight.ToString() + " in flight");
                _deviceUsed = deviceUsed;
                if (advance == 0) return false;
            }
            // x86 does not reorder loads: the element is read after the idx that covers it.
            ulong element = _ring.Read64(_layout.UsedElementOffset(_lastUsed & _mask));
            uint id = (uint)element, written = (uint)(element >> 32);
            if (id >= (uint)QueueSize || _state[id] != HeadState.Published)
                throw new VirtioProtocolException("used id " + id.ToString() + " is not a request in flight");
            if (written > _writableBytes[id])
                throw new VirtioProtocolException("device wrote " + written.ToString() + " bytes into a "
                    + _writableBytes[id].ToString() + "-byte chain (used id " + id.ToString() + ")");
            Release((ushort)id);
            _lastUsed++;
            entry = new VirtqueueUsedEntry((ushort)id, written);
            return true;
        }

        // Asks the device not to interrupt for used chains (a hint: it may anyway).
        public void DisableInterrupts()
        {
            // With event indexes, an event index the used idx has already passed
            // is never passed again until re-armed.
            if (EventIndex) _ring.Write16(_layout.UsedEventOffset, (ushort)(_lastUsed - 1));
            else _ring.Write16(_layout.AvailableFlagsOffset, VirtqueueFormat.AvailableNoInterrupt);
        }

        // Asks for an interrupt at the next used chain, then looks whether one came
        // already. True means used chains are waiting: take them instead of waiting
        // for an interrupt that the device may have decided against before it saw
        // the request (the lost wakeup this re-check closes).
        public bool EnableInterruptsAndCheckUsed()
        {
            if (EventIndex) _ring.Write16(_layout.UsedEventOffset, _lastUsed);
            else _ring.Write16(_layout.AvailableFlagsOffset, 0);
            Interlocked.MemoryBarrier();
            return _deviceUsed != _lastUsed || _ring.Read16(_layout.UsedIndexOffset) != _lastUsed;
        }

        private ulong CheckChain(ReadOnlySpan<VirtqueueSegment> chain)
        {
            if (chain.Length == 0) throw new ArgumentException("a descriptor chain needs at least one segment");
            if (chain.Length > QueueSize)
                throw new ArgumentException("a chain of " + chain.Length.ToString() + " segments is longer than the queue ("
                    + QueueSize.ToString() + ")");
            ulong total = 0, writable = 0;
            for (int i = 0; i < chain.Length; i++)
            {
                VirtqueueSegment segment = chain[i];
                if (segment.Length == 0) throw new ArgumentException("segment " + i.ToString() + " of the chain is empty");
                if (writable > 0 && !segment.DeviceWritable)
                    throw new ArgumentException("segment " + i.ToString()
                        + " is device-readable after a device-writable one (readable segments come first)");
                total += segment.Length;
                if (segment.DeviceWritable) writable += segment.Length;
            }
            if (total > 1UL << 32) throw new ArgumentException("a chain holds at most 4 GiB, not " + total.ToString() + " bytes");
            return writable;
        }

        // Returns the chain's last descriptor of the queue's table.
        private int WriteDirect(ushort head, ReadOnlySpan<VirtqueueSegment> chain)
        {
            int descriptor = head;
            for (int i = 0; ; i++)
            {
                bool more = i < chain.Length - 1;
                WriteDescriptor(descriptor, chain[i], more ? _next[descriptor] : (ushort)0, more);
                if (!more) return descriptor;
                descriptor = _next[descriptor];
            }
        }

        private int WriteIndirect(ushort head, ReadOnlySpan<VirtqueueSegment> chain)
        {
            const int Bytes = VirtqueueLayout.DescriptorBytes;
            for (int i = 0; i < chain.Length; i++)
            {
                bool more = i < chain.Length - 1;
                VirtqueueFormat.EncodeDescriptor(_encoded.AsSpan(i * Bytes, Bytes), chain[i].DeviceAddress, chain[i].Length,
                    Flags(chain[i], more), more ? (ushort)(i + 1) : (ushort)0);
            }
            _indirect.Write(head, _encoded.AsSpan(0, chain.Length * Bytes));
            VirtqueueFormat.EncodeDescriptor(_encoded, _indirect.TableAddress(head), (uint)(chain.Length * Bytes),
                VirtqueueFormat.DescriptorIndirect, 0);
            _ring.CopyFrom(_layout.DescriptorOffset(head), _encoded.AsSpan(0, Bytes));
            return head;
        }

        private void WriteDescriptor(int descriptor, VirtqueueSegment segment, ushort next, bool more)
        {
            VirtqueueFormat.EncodeDescriptor(_encoded, segment.DeviceAddress, segment.Length, Flags(segment, more), next);
            _ring.CopyFrom(_layout.DescriptorOffset(descriptor), _encoded.AsSpan(0, VirtqueueLayout.DescriptorBytes));
        }

        private static ushort Flags(VirtqueueSegment segment, bool more) =>
            (ushort)((segment.DeviceWritable ? VirtqueueFormat.DescriptorWrite : 0) | (more ? VirtqueueFormat.DescriptorNext : 0));

        // Puts a finished chain's descriptors back at the front of the free list.
        private void Release(ushort head)
        {
            int last = head;
            for (int i = 1; i < _ringDescriptors[head]; i++) last = _next[last];
            _next[last] = (ushort)_freeHead;
            _freeHead = head;
            _freeCount += _ringDescriptors[head];
            _state[head] = HeadState.Free;
            _inFlight--;
            _publishedInFlight--;
        }
    }
}
