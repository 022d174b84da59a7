using Zos.Hal;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Storage
{
    // The block service's side of one block driver instance (an AHCI
    // controller, an NVMe controller, a virtio-blk device): it follows the
    // instance's incarnations, asks each new one which units it serves and what
    // each is, and carries the parts of its devices' requests over the
    // instance's channel. When an incarnation ends, every part it had not
    // answered goes back to its device (at most MaxReplays times, then the
    // request fails with DeviceFailed), so a client sees added latency, never
    // a lost or a duplicated completion.
    //
    // Devices' Submit may be called from any thread; Pump from one service
    // thread, which Wake wakes (the channel's completion doorbell too).
    public sealed class BlockController
    {
        public const int MaxReplays = 10;
        // Generous for TCG: a 1 MiB request takes milliseconds, not seconds.
        public const int RequestDeadlineMilliseconds = 10_000;
        public const int MaxUnits = BlockUnits.MaxUnits;
        public const int LargestUnitNumber = BlockUnits.LargestUnitNumber;

        private readonly object _sync = new object();
        private readonly IBlockDriverLink _link;
        private readonly IMonotonicClock _clock;
        private readonly GrowableArray<BlockDevice> _devices = new GrowableArray<BlockDevice>();
        // Parts handed to the current session (of every device).
        private readonly GrowableArray<BlockPiece> _inFlight = new GrowableArray<BlockPiece>();
        // Parts lent to an incarnation that ended, until its device is stopped:
        // only then may the client's memory be handed on or given back.
        private readonly GrowableArray<BlockPiece> _parked = new GrowableArray<BlockPiece>();
        // The loans of the answers TakeCompletions takes, ended together before it returns.
        private readonly GrowableArray<DmaBuffer> _answeredLoans = new GrowableArray<DmaBuffer>();
        private BlockDriverSession _session;
        // A new incarnation is asked ListUnits before anything else, once:
        // until it answers with a list the service can use, nothing more.
        private bool _listDue;
        private bool _listRefused;
        private BlockPiece _listing;
        private int _nextTag = 1;
        // Where the next round of dispatching starts, so no device starves the others.
        private int _nextDevice;

        public BlockController(string name, IBlockDriverLink link, IMonotonicClock clock, Doorbell wake)
        {
            Name = name;
            _link = link;
            _clock = clock;
            Wake = wake;
        }

        // The driver instance's name.
        public string Name { get; }
        public Doorbell Wake { get; }
        // No incarnation has listed its units yet (and the driver has not failed).
        public bool Discovering => !Listed && _link.FailedReason is null;
        public bool Listed { get; private set; }
        // Answers naming no part in flight, and ListUnits or Identify answers that made no sense (ignored).
        public ulong StrayCompletions { get; private set; }
        // Answers not believed because the IOMMU blocked the device's DMA: their
        // parts stay in flight and go to the next incarnation like a crash's.
        public ulong DistrustedCompletions { get; private set; }
        // The last answer to ListUnits or Identify that was refused, and why.
        public string Problem { get; private set; }
        public int Parked => _parked.Count;
        public int Incarnation => _session?.Incarnation ?? 0;

        public int DeviceCount
        {
            get { lock (_sync) return _devices.Count; }
        }

        public BlockDevice Device(int index)
        {
            lock (_sync) return index < _devices.Count ? _devices[index] : null;
        }

        public BlockDevice Find(string name)
        {
            lock (_sync) return FindLocked(name);
        }

        // "blk0" for an instance with one unlettered unit, else "ahci0p2".
        public static string UnitName(string instance, string letter, int unit) => letter is null ? instance : instance + letter + unit.ToString();

        // Follows the driver (a new incarnation, a failed one), takes its
        // answers, hands it queued parts, then calls the completed requests' callbacks.
        public void Pump()
        {
            lock (_sync)
            {
                Follow();
                if (_session is not null) TakeCompletions();
                bool lends = _session is not null && _session.Lends;
                for (int i = 0; i < _devices.Count; i++) _devices[i].SplitIncoming(lends);
                if (_session is not null) Dispatch();
            }
            // Devices are added only here, by this thread: the list needs no lock to be read.
            for (int i = 0; i < _devices.Count; i++) _devices[i].CompleteDone();
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
                        if (piece.Parent is not null) piece.Device.InFlight--;
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
                _listDue = current is not null;
                _listRefused = false;
                _listing = null;
                for (int i = 0; i < _devices.Count; i++)
                {
                    _devices[i].IdentifyRefused = false;
                    _devices[i].Identifying = null;
                }
            }
            if (_link.EndedDeviceStopped)
            {
                // Parked newest first; requeued so that the oldest goes first again.
                for (int i = 0; i < _parked.Count; i++) Requeue(_parked[i]);
                _parked.Clear();
            }
            string failed = _link.FailedReason;
            if (_session is null && failed is not null)
                for (int i = 0; i < _devices.Count; i++) _devices[i].FailEverything(_devices[i].Name + "'s driver has failed: " + failed);
        }

        // The service's own requests (ListUnits, Identify) are asked again of the next incarnation, not replayed.
        private static void Requeue(BlockPiece piece)
        {
            if (piece.Parent is not null) piece.Device.Requeue(piece);
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
                if (_session.DeviceFault is not null)
                {
                    DistrustedCompletions++;
                    continue;
                }
                BlockPiece piece = _inFlight[index];
                _inFlight.RemoveAt(index);
                if (piece.Lent is not null) _answeredLoans.Add(piece.Lent);
                piece.Lent = null;
                _session.Finished(completion.Tag);
                if (piece == _listing) TakeUnitList(completion);
                else if (piece.Parent is null) TakeIdentity(piece.Device, completion);
                else
                {
                    piece.Device.InFlight--;
                    piece.Device.Finish(piece, completion.Status, completion.Error);
                }
            }
            // Before any request is completed to its client (CompleteDone, outside the lock).
            _session.EndLoans(_answeredLoans);
            _answeredLoans.Clear();
        }

        // A unit list (or, below, an identity) the service cannot use is asked
        // again of the next incarnation only; a driver that cannot answer should fail.
        private void TakeUnitList(in BlockDriverCompletion completion)
        {
            _listing = null;
            string problem = UnitListProblem(completion);
            if (problem is not null)
            {
                Refuse("ListUnits: " + problem);
                _listRefused = true;
                return;
            }
            for (int i = 0; i < _devices.Count; i++)
                _devices[i].Missing = Name + "'s driver (incarnation " + _session.Incarnation.ToString() + ") does not list unit "
                    + _devices[i].Unit.ToString();
            for (int i = 0; i < completion.Units.Length; i++)
            {
                string name = UnitName(Name, completion.UnitLetter, completion.Units[i]);
                BlockDevice device = FindLocked(name);
                if (device is null)
                {
                    device = new BlockDevice(name, completion.Units[i], this, _sync, _clock);
                    _devices.Add(device);
                }
                device.Missing = null;
                device.IdentifyDue = true;
            }
            Listed = true;
            _listDue = false;
        }

        private static string UnitListProblem(in BlockDriverCompletion completion)
        {
            if (completion.Status != BlockStatus.Ok) return completion.Error ?? "failed";
            int[] units = completion.Units;
            // None is an answer (an AHCI controller with only a CD drive, say).
            if (units is null) return "no unit list";
            if (units.Length > MaxUnits) return units.Length.ToString() + " units, more than " + MaxUnits.ToString();
            if (completion.UnitLetter is null && units.Length != 1)
                return units.Length.ToString() + " units without a unit letter to name them (then exactly one)";
            if (completion.UnitLetter is not null && !IsUnitLetter(completion.UnitLetter)) return "unit letter '" + completion.UnitLetter + "' is not one lowercase letter";
            for (int i = 0; i < units.Length; i++)
            {
                if (units[i] < 0 || units[i] > LargestUnitNumber) return "unit " + units[i].ToString() + " is out of range";
                for (int j = 0; j < i; j++)
                    if (units[j] == units[i]) return "unit " + units[i].ToString() + " is listed twice";
            }
            return null;
        }

        private static bool IsUnitLetter(string letter) => letter.Length == 1 && letter[0] >= 'a' && letter[0] <= 'z';

        private void TakeIdentity(BlockDevice device, in BlockDriverCompletion completion)
        {
            device.Identifying = null;
            if (completion.Status != BlockStatus.Ok || completion.Info is null || completion.Info.MaxSectorsPerRequest <= 0)
            {
                device.IdentifyRefused = true;
                Refuse("Identify of " + device.Name + ": " + (completion.Status != BlockStatus.Ok ? completion.Error ?? "failed"
                    : completion.Info is null ? "no description" : "no sectors per request"));
                return;
            }
            device.Identified(completion.Info, _session.Incarnation);
        }

        private void Refuse(string problem)
        {
            StrayCompletions++;
            Problem = problem;
        }

        private BlockDevice FindLocked(string name)
        {
            for (int i = 0; i < _devices.Count; i++)
                if (_devices[i].Name == name) return _devices[i];
            return null;
        }

        private int IndexInFlight(int tag)
        {
            for (int i = 0; i < _inFlight.Count; i++)
                if (_inFlight[i].Tag == tag) return i;
            return -1;
        }

        // Hands work to the session while its ring has room: first ListUnits,
        // then Identify for each listed unit, then the devices' parts, one
        // device after another.
        private void Dispatch()
        {
            if (_listDue)
            {
                if (_listing is null && !_listRefused)
                {
                    var listing = new BlockPiece(null, null, 0, 0, 0);
                    if (Send(listing, BlockOperation.ListUnits)) _listing = listing;
                }
                return;
            }
            for (int i = 0; i < _devices.Count; i++)
            {
                BlockDevice device = _devices[i];
                if (device.Missing is not null || !device.IdentifyDue || device.IdentifyRefused || device.Identifying is not null) continue;
                var identify = new BlockPiece(device, null, 0, 0, 0);
                if (!Send(identify, BlockOperation.Identify)) return;
                device.Identifying = identify;
            }
            // One part per device in turn; a device that has nothing to send is
            // passed over, and a full ring leaves the turn where it was.
            for (int idle = 0; idle < _devices.Count; _nextDevice = (_nextDevice + 1) % _devices.Count)
            {
                BlockDevice device = _devices[_nextDevice];
                if (device.Missing is not null) device.FailEverything(device.Missing);
                if (device.Missing is not null || device.IdentifyDue || !device.HasQueued)
                {
                    idle++;
                    continue;
                }
                BlockPiece piece = device.NextQueued;
                if (!Send(piece, piece.Parent.Operation)) return;
                device.TakeNextQueued();
                device.InFlight++;
                idle = 0;
            }
        }

        // The part's slice of the client buffer is lent to the driver until the
        // part is answered (the piece keeps the client's array alive meanwhile).
        private bool Send(BlockPiece piece, BlockOperation operation)
        {
            if (operation == BlockOperation.Read || operation == BlockOperation.Write)
                piece.Lent = _session.Lend(piece.Parent.Buffer, piece.Offset, piece.Sectors * BlockDeviceInfo.SectorSize, deviceWrites: operation == BlockOperation.Read);
            piece.Tag = _nextTag++;
            if (_nextTag == int.MaxValue) _nextTag = 1;
            var request = new BlockDriverRequest
            {
                Tag = piece.Tag,
                Operation = operation,
                Unit = piece.Device?.Unit ?? 0,
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
    }
}
