using System.Runtime.InteropServices;
using Zos.Hal;
using Zos.Hal.Memory;
using Zos.Kernel;
using Zos.Kernel.Boot;
using Zos.Kernel.Hosting;
using Zos.Kernel.Input;
using Zos.Kernel.KeyValue;
using Zos.Kernel.Platform;
using Zos.Kernel.Threading;
using Zos.SelfTests;
using Zos.Shell;
using Zos.Shell.Commands;
using Zos.Shell.Tools;

namespace Zos.Image
{
    // The image's entry point (boot.asm calls zos_kmain): the kernel boots with
    // the drivers this image carries, then the shell runs on the console (serial
    // and keyboards in, serial and screen out).
    public static unsafe class ZosMain
    {
        [UnmanagedCallersOnly(EntryPoint = "zos_kmain")]
        private static void Start(BootInfo* boot)
        {
            KernelMain.Boot(boot, BuiltInDrivers.Create());
            // The shell gets a thread of its own, with a guarded stack like every
            // other; the boot thread (on boot.asm's unguarded stack) ends here.
            if (Scheduler.Start("shell", RunShell, ThreadPriority.Normal, null, out string error) is null)
                KernelMain.Halt("cannot start the shell: " + error);
            Scheduler.Exit();
        }

        private static void RunShell()
        {
            var help = new HelpCommand();
            // The store `kv open` opens and `log` writes into; a new store's id is the time-stamp counter at its format.
            // A store's index may take half the heap still free when it opens: a store too large for memory is refused, not a panic.
            var keyValue = new KeyValueSession(new BlockServiceStorageFinder(), Cpu.ReadTimestampCounter, new KernelMonotonicClock())
            {
                CommitPause = new SchedulerCommitPause(),
                IndexMemoryLimit = () =>
                {
                    HeapStatistics heap = RuntimeHeap.Statistics;
                    return (long)(heap.CapacityBytes - heap.UsedBytes) / 2;
                },
            };
            var shell = new CommandShell(
            [
                help, new MemCommand(), new GcCommand(), new UptimeCommand(), new ClockCommand(), new CpuCommand(), new TestCommand(),
                new FaultCommand(), new ThreadsCommand(), new IrqCommand(), new DomainsCommand(), new BenchCommand(), new HaltCommand(), new RebootCommand(),
                new AcpiCommand(KernelAcpi.Tables, KernelAcpi.RsdpSource, KernelAcpi.Error), new IommuCommand(KernelAcpi.Tables, KernelIommu.Translation, KernelIommu.UncheckedReason, KernelIommu.FaultDelivery,
                    KernelIommu.Unattached, KernelIommu.StrayDmaTargetState),
                new PciCommand(PciDevices.ConfigDescription, PciDevices.Scan, PciDevices.ScanMicroseconds),
                new DriversCommand(), new CapsCommand(), new InjectCommand(), new EduCommand(), new BlkCommand(), new KvCommand(keyValue), new LogCommand(keyValue),
                new IrqModeCommand(), new ScreenCommand(),
            ]);
            help.Attach(shell);
            var output = new ConsoleSink();
            var reader = new LineEditor(ConsoleInput.ReadKey, output);
            while (true)
            {
                KernelConsole.Write(CommandShell.Prompt, ConsoleStyle.Prompt);
                string line = reader.ReadLine(out string tooLong);
                if (line is null) output.WriteErrorLine("error: " + tooLong);
                else shell.Execute(line, output);
            }
        }
    }
}
