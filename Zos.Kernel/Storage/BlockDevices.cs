using Zos.Hal;
using Zos.Hal.Drivers.Block;
using Zos.Kernel.Hosting;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Storage
{
    // The block devices of the machine, by name, one for each driver instance
    // whose registration serves block devices, each with its service thread.
    // Clients name a device, never a driver instance: the device stays while
    // incarnations come and go.
    public static class BlockDevices
    {
        // How long the service thread sleeps when nothing rings (a new
        // incarnation does not ring: it is noticed at the next look).
        private const int IdleMilliseconds = 5;
        // A synchronous request gives up waiting after this (the request itself goes on).
        public const int SyncTimeoutMilliseconds = 60_000;

        private static readonly GrowableArray<BlockDevice> s_devices = new GrowableArray<BlockDevice>();

        public static int Count => s_devices.Count;
        public static BlockDevice At(int index) => s_devices[index];

        // Before the driver host starts its instances: their channels ring the device's doorbell.
        public static string Start(DriverInstance[] instances)
        {
            for (int i = 0; i < instances.Length; i++)
            {
                if (!instances[i].Registration.ServesBlockDevice) continue;
                var device = new BlockDevice(instances[i].Name, new KernelBlockLink(instances[i]), new KernelMonotonicClock(), new EventDoorbell());
                instances[i].ClientDoorbell = device.Wake;
                s_devices.Add(device);
                if (Scheduler.Start(device.Name + "-service", () => Serve(device), ThreadPriority.Normal, null, out string error) is null)
                    return "cannot start " + device.Name + "'s service thread: " + error;
            }
            return null;
        }

        public static BlockDevice Find(string name)
        {
            for (int i = 0; i < s_devices.Count; i++)
                if (s_devices[i].Name == name) return s_devices[i];
            return null;
        }

        private static void Serve(BlockDevice device)
        {
            while (true)
            {
                device.Wake.Wait(IdleMilliseconds);
                device.Pump();
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
