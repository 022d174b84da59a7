using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Kernel.Storage
{
    // One driver incarnation serving a block device: its channel, and the
    // supervisor's deadline watch for the requests handed to it.
    public abstract class BlockDriverSession
    {
        protected BlockDriverSession(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel, int incarnation)
        {
            Channel = channel;
            Incarnation = incarnation;
        }

        public DriverChannel<BlockDriverRequest, BlockDriverCompletion> Channel { get; }
        public int Incarnation { get; }

        // A request was handed over: answer it by the deadline or be restarted.
        public abstract void Started(int tag, int deadlineMilliseconds);
        public abstract void Finished(int tag);
    }
}
