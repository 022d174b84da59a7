using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Kernel.Storage
{
    // A block device's driver in the kernel: the supervised instance bound to
    // its PCI function. An incarnation serves once it is Running; its requests'
    // deadlines go to its watchdog, and the supervisor restarts it when one passes.
    public sealed class KernelBlockLink : IBlockDriverLink
    {
        private readonly DriverInstance _instance;
        private Session _session;

        public KernelBlockLink(DriverInstance instance)
        {
            _instance = instance;
        }

        public BlockDriverSession Current
        {
            get
            {
                SupervisedDriver supervised = _instance.Supervised;
                DriverIncarnation incarnation = _instance.Current;
                if (supervised is null || supervised.State != DriverState.Running || incarnation is null) return null;
                if (_session is null || _session.Serves != incarnation)
                {
                    if (incarnation.Channel is not DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel) return null;
                    _session = new Session(channel, incarnation);
                }
                return _session;
            }
        }

        public string FailedReason
        {
            get
            {
                SupervisedDriver supervised = _instance.Supervised;
                if (supervised is null) return _instance.StartError;
                return supervised.State == DriverState.Failed ? supervised.StopReason ?? "failed" : null;
            }
        }

        // Crashed and Exited last while the recovery runs.
        public bool EndedDeviceStopped
        {
            get
            {
                SupervisedDriver supervised = _instance.Supervised;
                if (supervised is null) return true;
                DriverState state = supervised.State;
                if (state == DriverState.Crashed || state == DriverState.Exited) return false;
                return state != DriverState.Failed || supervised.LastRecovery is null || supervised.LastRecovery.Succeeded;
            }
        }

        private sealed class Session : BlockDriverSession
        {
            public Session(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel, DriverIncarnation incarnation)
                : base(channel, incarnation.Number, DriverHost.Authority, incarnation.Instance)
            {
                Serves = incarnation;
            }

            public DriverIncarnation Serves { get; }

            public override void Started(int tag, int deadlineMilliseconds) => Serves.RequestStarted(tag, (ulong)deadlineMilliseconds);

            public override void Finished(int tag) => Serves.RequestAnswered(tag);

            public override string DeviceFault => KernelIommu.DeviceFaultOf(Serves);
        }
    }
}
