using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
using Zos.Kernel.Threading;

namespace Zos.Shell.Tools
{
    // A BlockSoak on a kernel thread of its own, so the shell stays free to
    // crash the driver while it runs (`blk soak <dev> start|status|stop`).
    public sealed class BlockSoakRun
    {
        public const int DrainMilliseconds = 30_000;
        private const int StepMilliseconds = 50;

        private readonly KernelThread _thread;
        private volatile bool _stopping;

        private BlockSoakRun(BlockSoak soak, out string error)
        {
            Soak = soak;
            _thread = Scheduler.Start("blk-soak", Loop, ThreadPriority.Normal, null, out error);
        }

        public BlockSoak Soak { get; }
        public string StartError { get; private set; }

        // Null (and why) when it cannot start.
        public static BlockSoakRun Start(BlockDevice device, int workers, int sectorsPerArea, out string error)
        {
            ulong sectors = (ulong)(workers * sectorsPerArea);
            if (device.Info is null || device.Info.Sectors < sectors)
            {
                error = device.Name + " is " + (device.Info is null ? "not identified yet" : "smaller than the " + sectors.ToString() + " sectors a soak needs");
                return null;
            }
            // The second half of the device, or its end: away from sector 0, where tests keep their data.
            ulong first = device.Info.Sectors - sectors;
            if (device.Info.Sectors / 2 < first) first = device.Info.Sectors / 2;
            var soak = new BlockSoak(new BlockClient(device, Capacity(workers), new EventDoorbell()), first, workers, sectorsPerArea);
            var run = new BlockSoakRun(soak, out error);
            return error is null ? run : null;
        }

        private static int Capacity(int workers)
        {
            int capacity = 1;
            while (capacity < workers) capacity *= 2;
            return capacity;
        }

        // Stops submitting, waits for what is outstanding (up to DrainMilliseconds); false if some never completed.
        public bool Stop()
        {
            _stopping = true;
            return _thread.Join(DrainMilliseconds + 1000) && Soak.Outstanding == 0;
        }

        private void Loop()
        {
            StartError = Soak.Start();
            while (!_stopping) Soak.Step(StepMilliseconds, stopping: false);
            for (int waited = 0; Soak.Outstanding > 0 && waited < DrainMilliseconds; waited += StepMilliseconds)
                Soak.Step(StepMilliseconds, stopping: true);
        }
    }
}
