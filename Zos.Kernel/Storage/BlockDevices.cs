using Zos.Hal;
using Zos.Hal.Drivers.Block;
using Zos.Hal.Timing;
using Zos.Kernel.Hosting;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Storage
{
    // The block devices of the machine, by name: each driver instance whose
    // registration serves block devices has a controller (with its service
    // thread), and each unit that instance lists is a device. Clients name a
    // device, never a driver instance: the device stays while incarnations
    // come and go.
    public static class BlockDevices
    {
        // How long the service thread sleeps when nothing rings (a new
        // incarnation does not ring: it is noticed at the next look).
        private const int IdleMilliseconds = 5;
        // A synchronous request gives up waiting after this (the request itself goes on).
        public const int SyncTimeoutMilliseconds = 60_000;
        // How long Find waits for controllers still learning their units (just after boot).
        public const int DiscoveryMilliseconds = 10_000;

        private static readonly GrowableArray<BlockController> s_controllers = new GrowableArray<BlockController>();

        public static int ControllerCount => s_controllers.Count;
        public static BlockController Controller(int index) => s_controllers[index];

        // Before the driver host starts its instances: their channels ring the controller's doorbell.
        public static string Start(DriverInstance[] instances)
        {
            for (int i = 0; i < instances.Length; i++)
            {
                if (!instances[i].Registration.ServesBlockDevice) continue;
                var controller = new BlockController(instances[i].Name, new KernelBlockLink(instances[i]), new KernelMonotonicClock(), new EventDoorbell());
                instances[i].ClientDoorbell = controller.Wake;
                s_controllers.Add(controller);
                if (Scheduler.Start(controller.Name + "-service", () => Serve(controller), ThreadPriority.Normal, null, out string error) is null)
                    return "cannot start " + controller.Name + "'s service thread: " + error;
            }
            return null;
        }

        // The device of that name; while a controller is still learning its
        // units, waits for it (up to DiscoveryMilliseconds) before saying none.
        public static BlockDevice Find(string name)
        {
            ulong deadline = TimestampClock.NanosecondsSinceBoot + DiscoveryMilliseconds * 1_000_000UL;
            while (true)
            {
                bool discovering = false;
                for (int i = 0; i < s_controllers.Count; i++)
                {
                    BlockDevice device = s_controllers[i].Find(name);
                    if (device is not null) return device;
                    discovering |= s_controllers[i].Discovering;
                }
                if (!discovering || TimestampClock.NanosecondsSinceBoot >= deadline) return null;
                Scheduler.Sleep(IdleMilliseconds);
            }
        }

        private static void Serve(BlockController controller)
        {
            while (true)
            {
                controller.Wake.Wait(IdleMilliseconds);
                controller.Pump();
            }
        }

        // Carries a request out and waits for it: null, or the error.
        public static string Call(BlockDevice device, BlockOperation operation, ulong sector, int sectors, byte[] buffer, int offset = 0)
        {
            var done = new KernelEvent(autoReset: false);
            var request = new BlockRequest(operation, sector, sectors, buffer, offset, _ => done.Set());
            string error = device.Submit(request);
            if (error is not null) return error;
            if (!done.Wait(SyncTimeoutMilliseconds))
                return device.Name + " did not answer within " + (SyncTimeoutMilliseconds / 1000).ToString() + " s";
            return request.Status == BlockStatus.Ok ? null : request.Error;
        }
    }
}
