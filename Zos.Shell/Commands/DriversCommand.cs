using Zos.Hal.Capabilities;
using Zos.Hal.Pci;
using Zos.Hal.Timing;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Shell.Commands
{
    // Every driver instance: device, lifecycle state, incarnation, restarts,
    // uptime, restart latency, its last crash (cause, kind, method), and what
    // it holds now.
    public sealed class DriversCommand : ShellCommand
    {
        public override string Name => "drivers";
        public override string Usage => "drivers";
        public override string Summary => "driver instances: device, state, restarts, last crash, uptime, restart latency";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            DriverInstance[] instances = DriverHost.Instances;
            ulong now = TimestampClock.NanosecondsSinceBoot;
            for (int i = 0; i < instances.Length; i++) Describe(instances[i], now, output);
            output.WriteLine("drivers: " + instances.Length.ToString());
            if (DriverHost.SupervisorErrors != 0)
                output.WriteLine("supervisor_errors: " + DriverHost.SupervisorErrors.ToString() + " last=\"" + DriverHost.LastSupervisorError + "\"");
            return null;
        }

        private static void Describe(DriverInstance instance, ulong now, TextSink output)
        {
            SupervisedDriver driver = instance.Supervised;
            string head = "driver " + instance.Name + " device=" + DeviceWord(instance);
            if (driver is null)
            {
                output.WriteLine(head + " state=NotStarted error=\"" + instance.StartError + "\"");
                return;
            }
            RestartLatency latency = driver.RestartLatency;
            output.WriteLine(head + " state=" + DriverLifecycle.Name(driver.State) + " incarnation=" + driver.Incarnation.ToString()
                + " restarts=" + driver.Restarts.ToString() + " restarts_in_a_row=" + driver.RestartsInARow.ToString()
                + " crashes=" + driver.CrashCount.ToString() + " uptime_ms=" + (driver.Uptime(now) / 1_000_000UL).ToString()
                + " restart_latency_us=" + Microseconds(latency.LastNanoseconds) + " restart_latency_min_us=" + Microseconds(latency.MinNanoseconds)
                + " restart_latency_max_us=" + Microseconds(latency.MaxNanoseconds) + " restart_latency_avg_us=" + Microseconds(latency.AverageNanoseconds)
                + " policy=\"" + driver.Policy.Describe() + "\"");
            CrashRecord crash = driver.LastCrash;
            if (crash is not null)
                output.WriteLine("crash " + instance.Name + " cause=\"" + CrashRecord.CauseName(crash.Cause) + "\" kind=\"" + crash.Kind
                    + "\" method=" + (crash.Method ?? "-") + " in_state=" + DriverLifecycle.Name(crash.StateAtCrash)
                    + " incarnation=" + crash.Incarnation.ToString() + " message=\"" + crash.Message + "\"");
            if (driver.Restarts > 0 && driver.State == DriverState.Running && driver.LastRecovery is not null)
            {
                output.WriteLine(RestartPhases(instance.Name, driver));
                if (instance.LastDeviceStop is not null) output.WriteLine("device_stop " + instance.Name + " \"" + instance.LastDeviceStop + "\"");
            }
            if (driver.StopReason is not null) output.WriteLine("stop_reason " + instance.Name + " \"" + driver.StopReason + "\"");
            if (instance.Status is not null) output.WriteLine("status " + instance.Name + " \"" + instance.Status + "\"");
            output.WriteLine(Holdings(instance));
        }

        // Where the last restart's time went, crash to Running: each recovery
        // step, the wait for the restart time (policy backoff, new domain), then
        // the new incarnation's start phases.
        private static string RestartPhases(string name, SupervisedDriver driver)
        {
            DriverLifecycle life = driver.Lifecycle;
            RecoveryReport recovery = driver.LastRecovery;
            string line = "restart " + name + " recovery_us=" + Microseconds(recovery.FinishedAtNanoseconds - recovery.StartedAtNanoseconds);
            for (int i = 0; i < recovery.Steps.Length; i++)
            {
                RecoveryStepResult step = recovery.Steps[i];
                line += " " + RecoveryPlan.StepName(step.Step).Replace(' ', '_').ToLowerInvariant() + "_us=" + Microseconds(step.FinishedAtNanoseconds - step.StartedAtNanoseconds);
            }
            ulong spawned = life.LastEnteredAtNanoseconds(DriverState.Spawned), initializing = life.LastEnteredAtNanoseconds(DriverState.Initializing);
            ulong granted = life.LastEnteredAtNanoseconds(DriverState.CapabilityGranted), running = life.LastEnteredAtNanoseconds(DriverState.Running);
            return line + " waited_us=" + Microseconds(spawned - recovery.FinishedAtNanoseconds) + " spawn_us=" + Microseconds(initializing - spawned)
                + " initialize_us=" + Microseconds(granted - initializing) + " probe_us=" + Microseconds(running - granted);
        }

        // "00:04.0 ids=1234:11e8", or "i8042 ids=platform".
        private static string DeviceWord(DriverInstance instance)
        {
            if (instance.DrivesPlatformDevice) return instance.Binding.Platform.Name + " ids=platform";
            PciFunctionInfo function = instance.Binding.Function;
            return function.Address.ToString() + " ids=" + function.VendorId.ToString("x4") + ":" + function.DeviceId.ToString("x4");
        }

        // What the running incarnation holds, one quoted description per valid
        // capability (DMA buffers only counted, a block driver has dozens):
        // `holds kbd0 "ports 0x60..0x60 read,write" "irq 1 wait,acknowledge"`.
        private static string Holdings(DriverInstance instance)
        {
            string line = "holds " + instance.Name;
            int buffers = 0;
            foreach (Capability capability in DriverHost.Authority.CapabilitiesOf(instance))
            {
                if (capability is null || !capability.IsValid) continue;
                if (capability.Kind == CapabilityKind.DmaBuffer) buffers++;
                else line += " \"" + capability.Describe() + "\"";
            }
            return buffers == 0 ? line : line + " \"" + buffers.ToString() + " dma buffers\"";
        }

        private static string Microseconds(ulong nanoseconds) => (nanoseconds / 1000UL).ToString();
    }
}
