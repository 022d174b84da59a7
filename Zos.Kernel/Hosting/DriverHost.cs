using System;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;
using Zos.Hal.Pci;
using Zos.Hal.Platform;
using Zos.Kernel.Domains;
using Zos.Kernel.Memory;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // The kernel's driver host. At boot: the capability authority (with the
    // handler that stops a violating domain), the catalog bound to the PCI
    // functions found, one DriverInstance per binding (Bind), then, once their
    // clients (the block service) are attached, the supervisor thread
    // (StartSupervisor). That thread alone owns the DriverSupervisor: it takes the events
    // driver threads queue, learns of ended domains, passes heartbeats on, and
    // sleeps until Poll's NextPollAt or the next event.
    public static class DriverHost
    {
        // All driver DMA pools together.
        public const ulong DmaBudgetBytes = 32 * 1024 * 1024;
        public const int AuditCapacity = 64;

        private static DriverInstance[] s_instances = [];
        private static DriverEventQueue s_events;
        // When the supervisor thread will look again at the latest, if nothing wakes
        // it (one aligned 64-bit word: read and written whole on x86-64).
        private static ulong s_looksAgainAt = ulong.MaxValue;
        private static int s_supervisorErrors;

        public static CapabilityAuthority Authority { get; private set; }
        public static DriverSupervisor Supervisor { get; private set; }
        // Set by driver threads (events, heartbeats) and by ending driver domains.
        public static KernelEvent Wake { get; } = new KernelEvent(autoReset: true);
        public static DriverInstance[] Instances => s_instances;
        // The last thing the supervisor thread refused (a lifecycle event out of order), for `drivers`.
        public static string LastSupervisorError { get; private set; }
        public static int SupervisorErrors => s_supervisorErrors;

        // Binds the catalog to the PCI functions and platform devices found: one
        // DriverInstance per binding, nothing started yet (their clients attach first: StartSupervisor).
        public static void Bind(DriverCatalog catalog, PciFunctionInfo[] functions, PlatformDevice[] platformDevices, PciConfigSpace config)
        {
            Authority = new CapabilityAuthority(MachineIoPorts.Instance, IdentityMappedMemory.Instance,
                new FrameDmaMemory(KernelMemory.Frames), DmaBudgetBytes, AuditCapacity)
            {
                ViolationHandler = new DomainViolationHandler(),
            };
            DriverBinding[] bindings = DriverBinder.Bind(catalog, functions, platformDevices);
            var instances = new DriverInstance[bindings.Length];
            for (int i = 0; i < bindings.Length; i++) instances[i] = new DriverInstance(bindings[i], Authority, config);
            s_instances = instances;
        }

        // Starts the supervisor thread, which starts every instance. Returns null, or why it could not (the kernel runs on without drivers).
        public static string StartSupervisor()
        {
            s_events = new DriverEventQueue(Wake);
            Supervisor = new DriverSupervisor(new KernelMonotonicClock());
            return Scheduler.Start("driver-supervisor", Supervise, ThreadPriority.High, null, out string error) is null ? error : null;
        }

        // A client handed the running incarnation a request due by this time
        // (its RequestDeadlines has it): requests come and go thousands of times
        // a second, so the supervisor is woken only when the deadline falls
        // before its next look (a completion never brings a verdict nearer).
        public static void WatchDeadline(ulong deadlineNanoseconds)
        {
            if (deadlineNanoseconds < s_looksAgainAt) Wake.Set();
        }

        // The instance a person names (the shell).
        public static DriverInstance Find(string name)
        {
            DriverInstance[] instances = s_instances;
            for (int i = 0; i < instances.Length; i++)
                if (instances[i].Name == name) return instances[i];
            return null;
        }

        private static void Supervise()
        {
            for (int i = 0; i < s_instances.Length; i++)
            {
                DriverInstance instance = s_instances[i];
                DriverRegistration registration = instance.Registration;
                if (Supervisor.Start(instance.Name, registration.Policy, (ulong)registration.HeartbeatPeriodMilliseconds * 1_000_000UL,
                    new DriverLauncher(instance, s_events, Wake), new DriverRecovery(Authority, instance), out string error) is null)
                    instance.StartError = error;
            }
            var clock = new KernelMonotonicClock();
            while (true)
            {
                // Awake: any deadline may be earlier than what this round computes.
                s_looksAgainAt = ulong.MaxValue;
                ulong next;
                try
                {
                    TakeEvents();
                    PassHeartbeats();
                    ReportEndedDomains();
                    next = Supervisor.Poll();
                }
                catch (Exception exception)
                {
                    Refused(exception);
                    next = Supervisor.NextPollAt;
                }
                ulong now = clock.NowNanoseconds;
                // At least 1 ms: Poll has already acted on everything due, so a time still
                // in the past means a refused step, and retrying at once would spin this
                // high-priority thread and starve the drivers it waits for.
                int timeout = next == ulong.MaxValue ? -1 : next <= now ? 1 : (int)Math.Min((next - now) / 1_000_000UL + 1, int.MaxValue);
                s_looksAgainAt = timeout < 0 ? ulong.MaxValue : now + (ulong)timeout * 1_000_000UL;
                Wake.Wait(timeout);
            }
        }

        private static void TakeEvents()
        {
            while (s_events.TryTake(out DriverEvent driverEvent))
            {
                DriverIncarnation incarnation = driverEvent.Incarnation;
                SupervisedDriver driver = incarnation.Instance.Supervised;
                // A report from an incarnation that has already been replaced.
                if (driver is null || !incarnation.IsCurrent) continue;
                try
                {
                    Deliver(driver, driverEvent);
                }
                catch (DriverLifecycleException refused)
                {
                    Refused(refused);
                }
            }
        }

        private static void Deliver(SupervisedDriver driver, in DriverEvent driverEvent)
        {
            switch (driverEvent.Kind)
            {
                case DriverEventKind.Initializing: Supervisor.OnInitializing(driver); break;
                case DriverEventKind.CapabilitiesGranted: Supervisor.OnCapabilitiesGranted(driver); break;
                case DriverEventKind.CapabilitiesDenied: Supervisor.OnCapabilitiesDenied(driver, driverEvent.Text); break;
                case DriverEventKind.Probing: Supervisor.OnProbing(driver); break;
                case DriverEventKind.Running: Supervisor.OnRunning(driver); break;
            }
        }

        private static void PassHeartbeats()
        {
            for (int i = 0; i < s_instances.Length; i++)
            {
                DriverInstance instance = s_instances[i];
                ulong at = instance.LastHeartbeatNanoseconds;
                // The watchdog keeps the latest: an older one (an earlier incarnation's, or one already passed) changes nothing.
                if (at != 0 && instance.Supervised is not null) Supervisor.OnHeartbeat(instance.Supervised, at);
            }
        }

        // A domain that ended: its threads are gone, so every event they posted
        // is already queued; those go first, then the end itself.
        private static void ReportEndedDomains()
        {
            for (int i = 0; i < s_instances.Length; i++)
            {
                DriverInstance instance = s_instances[i];
                DriverIncarnation incarnation = instance.Current;
                if (incarnation is null || incarnation.EndReported || incarnation.Domain.State == DomainState.Running) continue;
                TakeEvents();
                if (incarnation.EndReported || incarnation != instance.Current) continue;
                incarnation.EndReported = true;
                FaultDomain domain = incarnation.Domain;
                if (domain.State == DomainState.Exited) Supervisor.OnEnded(instance.Supervised);
                else Supervisor.OnCrash(instance.Supervised, incarnation.Number, CrashRecord.FromFault(domain.Fault));
            }
        }

        private static void Refused(Exception exception)
        {
            s_supervisorErrors++;
            LastSupervisorError = exception.Message;
        }
    }
}
