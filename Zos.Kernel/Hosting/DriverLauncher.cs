using Zos.Kernel.Diagnostics;
using Zos.Kernel.Domains;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // Starts an incarnation: a new fault domain (watchdog on, the manifest's memory quota) whose thread runs
    // the driver. Called on the supervisor thread, which outranks driver
    // threads, so the new thread runs only once the supervisor waits again; its
    // reports go through the event queue in any case.
    public sealed class DriverLauncher : IDriverLauncher
    {
        private readonly DriverEventQueue _events;
        private readonly KernelEvent _domainEnded;

        public DriverLauncher(DriverEventQueue events, KernelEvent domainEnded)
        {
            _events = events;
            _domainEnded = domainEnded;
        }

        public string Spawn(SupervisedDriver driver)
        {
            DriverInstance instance = DriverHost.Find(driver.Name);
            if (instance is null) return "no driver instance is named " + driver.Name;
            driver.KernelState = instance;
            instance.Supervised = driver;
            var domain = new FaultDomain(driver.Name + "#" + driver.Incarnation.ToString(), instance.Registration.WatchdogMilliseconds,
                instance.Registration.Manifest.MemoryQuotaBytes)
            {
                EndedNotification = _domainEnded,
            };
            var incarnation = new DriverIncarnation(instance, driver.Incarnation, domain, _events);
            instance.Current = incarnation;
            return domain.StartThread(driver.Name, incarnation.Run, out string error) is null ? error : null;
        }
    }
}
