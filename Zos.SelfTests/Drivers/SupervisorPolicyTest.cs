using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Drivers
{
    // The portable supervisor on the kernel's real clock, with the scheduler's
    // sleep standing in for the supervisor thread's wait: backoff restarts come
    // due in real time, a crash loop ends in Failed, the heartbeat watchdog
    // fires, illegal events throw, and restart latency is measured.
    public sealed class SupervisorPolicyTest : KernelTest
    {
        private const ulong Ms = 1_000_000UL;

        public override string Name => "drivers.supervisor_policy";

        // Records spawns and recovery steps in the order the supervisor asks for them.
        private sealed class RecordingKernel : IDriverLauncher, IRecoveryActions
        {
            public string Log = "";

            public string Spawn(SupervisedDriver driver) => Record("spawn");
            public string StopThreads(SupervisedDriver driver) => Record("threads");
            public string RevokeCapabilities(SupervisedDriver driver) => Record("caps");
            public string MaskInterrupts(SupervisedDriver driver) => Record("irq");
            public string StopDma(SupervisedDriver driver) => Record("dma");
            public string ReclaimMemory(SupervisedDriver driver) => Record("memory");

            private string Record(string step)
            {
                Log += step + " ";
                return null;
            }
        }

        public override string Run()
        {
            var clock = new KernelMonotonicClock();
            var kernel = new RecordingKernel();
            var supervisor = new DriverSupervisor(clock);
            SupervisedDriver driver = supervisor.Start("edu", RestartPolicy.WithBackoff(2 * Ms, 8 * Ms, 3), 0, kernel, kernel, out string error);
            if (driver is null) return error;
            SupervisedDriver beat = supervisor.Start("beat", RestartPolicy.Never(), 5 * Ms, kernel, kernel, out error);
            if (beat is null) return error;
            BringUp(supervisor, driver);
            BringUp(supervisor, beat);

            string illegal = null;
            try
            {
                supervisor.OnProbing(driver);
            }
            catch (DriverLifecycleException exception)
            {
                illegal = exception.Message;
            }

            kernel.Log = "";
            supervisor.OnCrash(driver, new CrashRecord(CrashCause.ManagedFault, "null dereference", "page fault at 0", "Test", clock.NowNanoseconds));
            string order = kernel.Log;
            bool restarting = driver.State == DriverState.Restarting;
            supervisor.OnHeartbeat(beat);
            WaitForPoll(supervisor, clock);
            bool respawned = driver.State == DriverState.Spawned && driver.Incarnation == 2;
            BringUp(supervisor, driver);
            ulong latency = driver.RestartLatency.LastNanoseconds;

            for (int i = 0; i < 10 && driver.State != DriverState.Failed; i++)
            {
                if (driver.Lifecycle.IsLive)
                    supervisor.OnCrash(driver, new CrashRecord(CrashCause.ExplicitFailure, null, "loop", null, clock.NowNanoseconds));
                WaitForPoll(supervisor, clock);
            }
            // Nothing has kept "beat" alive since its heartbeat above: after two 5 ms periods its watchdog fires.
            for (int i = 0; i < 50 && beat.State == DriverState.Running; i++) WaitForPoll(supervisor, clock);

            return Expect(illegal is not null && illegal.StartsWith("driver edu: Running -> Probing is not"), "an illegal event was not refused: " + illegal)
                ?? Expect(order == "threads caps irq dma memory ", "recovery ran as: " + order)
                ?? Expect(restarting, "after a crash under backoff the driver was not Restarting")
                ?? Expect(respawned, "the restart did not happen once its 2 ms delay passed")
                ?? Expect(latency >= 2 * Ms && latency < 1000 * Ms, "restart latency " + latency.ToString() + " ns, not between the 2 ms backoff and 1 s")
                ?? Expect(driver.State == DriverState.Failed && driver.Restarts == 3, "crash loop: state " + DriverLifecycle.Name(driver.State)
                    + " after " + driver.Restarts.ToString() + " restarts (want Failed after 3)")
                ?? Expect(driver.StopReason is not null && driver.StopReason.StartsWith("crash loop"), "crash loop reason: " + driver.StopReason)
                ?? Expect(beat.LastCrash is not null && beat.LastCrash.Cause == CrashCause.Watchdog && beat.State == DriverState.Failed,
                    "the heartbeat watchdog did not end the silent driver");
        }

        private static void BringUp(DriverSupervisor supervisor, SupervisedDriver driver)
        {
            supervisor.OnInitializing(driver);
            supervisor.OnCapabilitiesGranted(driver);
            supervisor.OnProbing(driver);
            supervisor.OnRunning(driver);
        }

        // What the supervisor thread does: sleep until NextPollAt, then Poll.
        private static void WaitForPoll(DriverSupervisor supervisor, IMonotonicClock clock)
        {
            ulong next = supervisor.NextPollAt;
            ulong now = clock.NowNanoseconds;
            if (next > now) Scheduler.Sleep(next == ulong.MaxValue ? 1 : (int)((next - now) / Ms) + 1);
            supervisor.Poll();
        }
    }
}
