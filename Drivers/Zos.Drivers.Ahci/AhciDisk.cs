using System;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Drivers.Ahci
{
    // One ATA disk on one port, as the block service sees it (unit = port
    // number): its requests wait here in order and go to the port as it allows
    // (NCQ up to the disk's depth; a flush, or anything on a disk without NCQ,
    // alone). Errors stay inside: a device error fails the request it concerns
    // with the command and LBA named; a halted port is recovered and what was
    // in flight is issued again, at most MaxTries times; after an NCQ error
    // whose command the HBA cannot name, the retried commands go one at a time,
    // non-queued, so that the failing one is found and only it fails.
    internal sealed class AhciDisk
    {
        public const int MaxTries = 3;
        // Below the block service's 10 s request deadline, so the driver recovers first.
        public const int CommandTimeoutMilliseconds = 4000;

        private readonly AhciPort _port;
        private readonly AtaIdentifyData _identity;
        private readonly bool _ncq;
        private readonly int _sectorsPerBlock;
        private readonly DriverChannel<BlockDriverRequest, BlockDriverCompletion> _channel;
        private readonly BounceBuffers _bounce;
        // Requests not yet issued, oldest first (a ring).
        private readonly BlockDriverRequest[] _waiting;
        private readonly int[] _waitingTries;
        private int _waitingHead, _waitingCount;
        // After an NCQ error that named no command: how many at the front go non-queued.
        private int _oneAtATime;
        // Slots issued in that mode: while they are retried, there may be another culprit among them.
        private uint _suspectSlots;
        private readonly BlockDriverRequest[] _inSlot = new BlockDriverRequest[32];
        private readonly int[] _triesInSlot = new int[32];
        private readonly int[] _bounceInSlot = new int[32];
        private readonly ulong[] _issuedAt = new ulong[32];

        public AhciDisk(AhciPort port, AtaIdentifyData identity, bool ncq, int capacity,
            DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel, BounceBuffers bounce)
        {
            _port = port;
            _identity = identity;
            _ncq = ncq;
            _sectorsPerBlock = identity.LogicalSectorBytes / BlockDeviceInfo.SectorSize;
            _channel = channel;
            _bounce = bounce;
            _waiting = new BlockDriverRequest[capacity];
            _waitingTries = new int[capacity];
            for (int slot = 0; slot < 32; slot++) _bounceInSlot[slot] = -1;
        }

        public int Unit => _port.Index;
        public AhciPort Port => _port;
        public AtaIdentifyData Identity => _identity;
        public bool Busy => _port.BusySlots != 0 || _waitingCount > 0;
        public int Waiting => _waitingCount;

        public BlockDeviceInfo Describe(string interrupt, int maxCopiedBytes, int maxLentBytes)
        {
            int perCommand = AtaTransfers.MaxSectorsPerCommand(_identity) * _sectorsPerBlock;
            return new BlockDeviceInfo
            {
                Sectors = _identity.Sectors * (ulong)_sectorsPerBlock,
                LogicalBlockSize = _identity.LogicalSectorBytes,
                HasFlush = _identity.WriteCacheEnabled,
                MaxSectorsPerRequest = Math.Min(perCommand, maxCopiedBytes / BlockDeviceInfo.SectorSize),
                MaxSectorsPerLentRequest = Math.Min(perCommand, maxLentBytes / BlockDeviceInfo.SectorSize),
                QueueDepth = _ncq ? _port.QueueDepth : 1,
                Transport = "ahci port " + _port.Index.ToString()
                    + (_ncq ? " ncq " + _port.QueueDepth.ToString() : _identity.Supports48Bit ? " dma-ext" : " dma") + " " + interrupt,
                Features = (_identity.WriteCacheEnabled ? "write-cache" : "write-through") + (_identity.SupportsTrim ? " trim" : "")
                    + " physical_block=" + _identity.PhysicalSectorBytes.ToString(),
                Model = _identity.Model,
                Serial = _identity.Serial,
            };
        }

        // A request for this disk: refused at once when it cannot be carried out, else queued.
        public void Accept(in BlockDriverRequest request)
        {
            if (request.Operation == BlockOperation.GetId)
            {
                int length = Math.Min(_identity.Serial.Length, BlockDeviceId.Bytes);
                for (int i = 0; i < BlockDeviceId.Bytes; i++) request.Buffer[request.BufferOffset + i] = i < length ? (byte)_identity.Serial[i] : (byte)0;
                _channel.TryComplete(BlockDriverCompletion.Ok(request.Tag));
                return;
            }
            if (request.Operation == BlockOperation.Flush && !_identity.WriteCacheEnabled)
            {
                _channel.TryComplete(BlockDriverCompletion.Ok(request.Tag));
                return;
            }
            string refusal = Refusal(request);
            if (refusal is not null)
            {
                bool moves = request.Operation == BlockOperation.Read || request.Operation == BlockOperation.Write;
                _channel.TryComplete(BlockDriverCompletion.Failed(request.Tag, moves ? BlockStatus.OutOfRange : BlockStatus.Unsupported, refusal));
                return;
            }
            int at = (_waitingHead + _waitingCount) % _waiting.Length;
            _waiting[at] = request;
            _waitingTries[at] = 0;
            _waitingCount++;
        }

        private string Refusal(in BlockDriverRequest request)
        {
            if (request.Operation == BlockOperation.Flush) return null;
            if (request.Operation == BlockOperation.WriteZeroes || request.Operation == BlockOperation.Discard)
                return "port " + _port.Index.ToString() + ": this driver does not do " + (request.Operation == BlockOperation.Discard ? "discard" : "write zeroes");
            if (request.Operation != BlockOperation.Read && request.Operation != BlockOperation.Write)
                return "port " + _port.Index.ToString() + " does not do operation " + ((int)request.Operation).ToString();
            string what = (request.Operation == BlockOperation.Read ? "read" : "write") + " of " + request.Sectors.ToString() + " sectors at "
                + request.Sector.ToString();
            if (request.Sectors <= 0) return what + ": no data";
            if (request.Sector % (ulong)_sectorsPerBlock != 0 || request.Sectors % _sectorsPerBlock != 0)
                return what + ": not whole " + _identity.LogicalSectorBytes.ToString() + "-byte blocks";
            ulong capacity = _identity.Sectors * (ulong)_sectorsPerBlock;
            if (request.Sector >= capacity || (ulong)request.Sectors > capacity - request.Sector) return what + ": beyond the disk's " + capacity.ToString() + " sectors";
            int blocks = request.Sectors / _sectorsPerBlock;
            if (blocks > AtaTransfers.MaxSectorsPerCommand(_identity)) return what + ": more than one command carries";
            int bytes = request.Sectors * BlockDeviceInfo.SectorSize;
            if (request.Data is null ? bytes > _bounce.BufferBytes : request.Data.Length != bytes)
                return what + ": " + (request.Data is null ? "larger than the driver's copy buffers" : "the lent buffer holds " + request.Data.Length.ToString() + " bytes");
            return null;
        }

        // Issues waiting requests, oldest first, while the port takes them.
        public void IssueWhatFits(ulong nowMilliseconds)
        {
            while (_waitingCount > 0)
            {
                BlockDriverRequest request = _waiting[_waitingHead];
                bool queued = _ncq && _oneAtATime == 0 && request.Operation != BlockOperation.Flush;
                if (!_port.CanIssue(queued)) return;
                int bounce = -1;
                if (request.Operation != BlockOperation.Flush && request.Data is null)
                {
                    bounce = _bounce.Take();
                    if (bounce < 0) return;
                }
                int slot = _port.FreeSlot();
                int tries = _waitingTries[_waitingHead];
                _waitingHead = (_waitingHead + 1) % _waiting.Length;
                _waitingCount--;
                if (_oneAtATime > 0)
                {
                    _oneAtATime--;
                    _suspectSlots |= 1u << slot;
                }
                else _suspectSlots &= ~(1u << slot);
                Issue(slot, request, queued, bounce, tries, nowMilliseconds);
            }
        }

        private void Issue(int slot, in BlockDriverRequest request, bool queued, int bounce, int tries, ulong nowMilliseconds)
        {
            AtaCommand command;
            ulong address = 0;
            int bytes = request.Sectors * BlockDeviceInfo.SectorSize;
            if (request.Operation == BlockOperation.Flush)
            {
                command = AtaCommand.FlushCacheExt();
                bytes = 0;
            }
            else
            {
                ulong lba = request.Sector / (ulong)_sectorsPerBlock;
                int blocks = request.Sectors / _sectorsPerBlock;
                command = request.Operation == BlockOperation.Read ? AtaTransfers.Read(_identity, queued, lba, blocks)
                    : AtaTransfers.Write(_identity, queued, lba, blocks);
                if (bounce >= 0)
                {
                    DmaBuffer buffer = _bounce.Buffer(bounce);
                    if (request.Operation == BlockOperation.Write) buffer.CopyFrom(0, new ReadOnlySpan<byte>(request.Buffer, request.BufferOffset, bytes));
                    address = buffer.DeviceAddress;
                }
                else address = request.Data.DeviceAddress;
            }
            _inSlot[slot] = request;
            _triesInSlot[slot] = tries + 1;
            _bounceInSlot[slot] = bounce;
            _issuedAt[slot] = nowMilliseconds;
            _port.Issue(slot, command, address, bytes);
        }

        // After the port's interrupt (or a look without one): answers what
        // finished, recovers a halted port. Returns null, or why the port is
        // beyond recovery (the driver then fails: its next incarnation resets the HBA).
        public string Reap(ulong nowMilliseconds)
        {
            AhciPollResult result = _port.Poll();
            for (uint done = result.Completed; done != 0; done &= done - 1) Answer(LowestBit(done), null);
            for (uint failed = result.Failed; failed != 0; failed &= failed - 1)
            {
                int slot = LowestBit(failed);
                Answer(slot, _port.ErrorOf(slot));
            }
            if (result.Halted) return Recover(_port.Recover(), nowMilliseconds);
            for (uint busy = _port.BusySlots; busy != 0; busy &= busy - 1)
            {
                int slot = LowestBit(busy);
                if (nowMilliseconds - _issuedAt[slot] >= CommandTimeoutMilliseconds) return Recover(_port.Recover(), nowMilliseconds);
            }
            return null;
        }

        private string Recover(AhciRecovery recovery, ulong nowMilliseconds)
        {
            if (recovery.FailedSlot >= 0) Answer(recovery.FailedSlot, recovery.Error);
            uint retry = recovery.RetrySlots;
            // Several queued commands and none named: find the culprit one at a time.
            // A culprit found among suspects may not be the only one: the rest stay one at a time.
            if (recovery.Error is not null && ((recovery.FailedSlot < 0 && (retry & (retry - 1)) != 0) || (retry & _suspectSlots) != 0))
                _oneAtATime = BitCount(retry);
            _suspectSlots = 0;
            // Back to the front, lowest slot first (issue order is not known; any order is correct).
            for (int slot = 31; slot >= 0; slot--)
            {
                if ((retry & (1u << slot)) == 0) continue;
                ReleaseBounce(slot);
                // Behind a named culprit the others never ran (the HBA stopped at it): that try was not theirs.
                int tries = recovery.FailedSlot >= 0 ? _triesInSlot[slot] - 1 : _triesInSlot[slot];
                if (tries >= MaxTries)
                {
                    string why = recovery.Error is not null ? recovery.Error.Message
                        : "no completion within " + CommandTimeoutMilliseconds.ToString() + " ms";
                    _channel.TryComplete(BlockDriverCompletion.Failed(_inSlot[slot].Tag, BlockStatus.IoError,
                        "port " + _port.Index.ToString() + ": given up after " + MaxTries.ToString() + " tries: " + why));
                    _inSlot[slot] = default;
                    continue;
                }
                _waitingHead = (_waitingHead + _waiting.Length - 1) % _waiting.Length;
                _waiting[_waitingHead] = _inSlot[slot];
                _waitingTries[_waitingHead] = tries;
                _waitingCount++;
                _inSlot[slot] = default;
            }
            if (_oneAtATime > _waitingCount) _oneAtATime = _waitingCount;
            return recovery.Problem;
        }

        private void Answer(int slot, AhciCommandError error)
        {
            BlockDriverRequest request = _inSlot[slot];
            _inSlot[slot] = default;
            int bounce = _bounceInSlot[slot];
            if (error is null && bounce >= 0 && request.Operation == BlockOperation.Read)
                _bounce.Buffer(bounce).CopyTo(0, new Span<byte>(request.Buffer, request.BufferOffset, request.Sectors * BlockDeviceInfo.SectorSize));
            ReleaseBounce(slot);
            _channel.TryComplete(error is null ? BlockDriverCompletion.Ok(request.Tag)
                : BlockDriverCompletion.Failed(request.Tag, BlockStatus.IoError, error.Message));
        }

        private void ReleaseBounce(int slot)
        {
            if (_bounceInSlot[slot] >= 0) _bounce.Give(_bounceInSlot[slot]);
            _bounceInSlot[slot] = -1;
        }

        private static int LowestBit(uint bits)
        {
            int bit = 0;
            while ((bits & 1) == 0)
            {
                bits >>= 1;
                bit++;
            }
            return bit;
        }

        private static int BitCount(uint bits)
        {
            int count = 0;
            for (; bits != 0; bits &= bits - 1) count++;
            return count;
        }
    }
}
