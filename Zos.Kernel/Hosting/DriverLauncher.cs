using Zos.Kernel.Domains;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // Starts an incarnation of one instance: a new fault domain (watchdog on, the manifest's memory quota) whose thread runs
    // the driver. Called on the supervisor thread, which outranks driver
    // threads, so the new thread runs only once the supervisor waits again; its
    // reports go through the event queue in any case.
    public sealed class DriverLauncher(DriverInstance instance, DriverEventQueue events, KernelEvent domainEnded) : IDriverLauncher
    {
        private readonly DriverInstance _instance = instance;
        private readonly DriverEventQueue _events = events;
        private readonly KernelEvent _domainEnded = domainEnded;

        public string Spawn(SupervisedDriver driver)
        {
            _instance.Supervised = driver;
            var domain = new FaultDomain(driver.Name + "#" + driver.Incarnation.ToString(), _instance.Registration.WatchdogMilliseconds,
                _instance.Registration.Manifest.MemoryQuotaBytes)
            {
                EndedNotification = _domainEnded,
            };
            var incarnation = new DriverIncarnation(_instance, driver.Incarnation, domain, driver.Watchdog.Deadlines, _events);
            // From here on, the one answer to "which incarnation is current".
            _instance.Current = incarnation;
            return domain.StartThread(driver.Name, incarnation.Run, out string error) is null ? error : null;
        }
    }
}
