using System;
using System.Runtime.InteropServices;
using Zos.Hal.Acpi;
using Zos.Hal.Apic;
using Zos.Hal.Interrupts;
using Zos.Hal.Timing;
using Zos.Kernel.Boot;
using Zos.Kernel.Commands;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Domains;
using Zos.Kernel.Drivers;
using Zos.Kernel.Memory;
using Zos.Kernel.Platform;
using Zos.Kernel.Shell;
using Zos.Kernel.Threading;

namespace Zos.Kernel
{
    // Boot, in order: console, fault reporting, boot information, memory,
    // symbols, ACPI tables, clock, PCI functions, interrupts; then the shell on the serial console.
    public static unsafe class KernelMain
    {
        private const ulong Multiboot2Magic = 0x36D76289;

        [UnmanagedCallersOnly(EntryPoint = "zos_kmain")]
        private static void Start(BootInfo* boot)
        {
            KernelConsole.Initialize();
            Panic.Initialize();
            InterruptTable.Install((ulong*)boot->InterruptStubs, &FaultContainment.OnCpuException);
            if (boot->MultibootMagic != Multiboot2Magic) Halt("not booted by a multiboot2 loader (magic " + boot->MultibootMagic.ToString("x") + ")");

            var info = new ReadOnlySpan<byte>((void*)boot->MultibootInfo, *(int*)boot->MultibootInfo);
            if (!Multiboot2Info.TryParse(info, out Multiboot2Info multiboot, out string error)) Halt("bad multiboot2 information: " + error);
            string memoryError = KernelMemory.Initialize(multiboot, boot->MultibootInfo, boot->KernelStart, boot->KernelEnd);
            if (memoryError is not null) Halt(memoryError);
            Panic.UseSymbols(LoadSymbols(multiboot));
            KernelAcpi.Initialize(multiboot, info);
            if (KernelAcpi.Tables is null) KernelConsole.WriteLine("warning: no ACPI tables: " + KernelAcpi.Error);

            TimestampClock.Calibrate();
            PciDevices.Initialize(KernelAcpi.Tables?.Mcfg);
            StartInterruptControllers(KernelAcpi.Tables?.Madt);
            Scheduler.Start(KernelMemory.Frames);
            KernelConsole.EnableInputInterrupt();
            StartDrivers();

            KernelConsole.WriteLine("Zos booted in " + (TimestampClock.NanosecondsSinceBoot / 1000).ToString() + " us since clock calibration; "
                + (KernelMemory.UsableBytes >> 20).ToString() + " MiB usable. Type help.");
            // The shell gets a thread of its own, with a guarded stack like every
            // other; the boot thread (on boot.asm's unguarded stack) ends here.
            if (Scheduler.Start("shell", RunShell, ThreadPriority.Normal, null, out string shellError) is null)
                Halt("cannot start the shell: " + shellError);
            Scheduler.Exit();
        }

        // The local APIC and the I/O APICs the MADT lists; without them (no ACPI,
        // or a machine with no I/O APIC) device interrupts fall back to the 8259.
        private static void StartInterruptControllers(MadtTable madt)
        {
            LocalApic.Enable(madt is null ? 0 : madt.LocalApicAddress);
            if (madt is null || madt.IoApics.Length == 0)
            {
                KernelConsole.WriteLine("warning: no I/O APIC in the ACPI tables; using the legacy 8259 PIC");
                IrqLines.UsePic();
                return;
            }
            var ioApics = new IoApic[madt.IoApics.Length];
            for (int i = 0; i < ioApics.Length; i++) ioApics[i] = new IoApic(madt.IoApics[i].Address, madt.IoApics[i].GsiBase);
            IrqLines.UseIoApics(ioApics, madt);
        }

        private static void StartDrivers()
        {
            string error = DriverHost.Start(BuiltInDrivers.Create(), PciDevices.Functions, PciDevices.Config);
            if (error is not null) KernelConsole.WriteLine("warning: no driver supervisor: " + error);
            DriverInstance[] instances = DriverHost.Instances;
            for (int i = 0; i < instances.Length; i++)
                KernelConsole.WriteLine("driver " + instances[i].Name + " bound to " + instances[i].Device.Name);
        }

        private static SymbolTable LoadSymbols(Multiboot2Info multiboot)
        {
            BootModule[] modules = multiboot.Modules;
            for (int i = 0; i < modules.Length; i++)
                if (modules[i].Name == "symbols")
                    return SymbolTable.Parse(new ReadOnlySpan<byte>((void*)modules[i].Start, (int)modules[i].Length));
            KernelConsole.WriteLine("warning: no symbols module; panic reports will show addresses only");
            return SymbolTable.Empty;
        }

        private static void RunShell()
        {
            var help = new HelpCommand();
            var shell = new CommandShell(
            [
                help, new MemCommand(), new GcCommand(), new UptimeCommand(), new CpuCommand(), new TestCommand(),
                new FaultCommand(), new ThreadsCommand(), new IrqCommand(), new DomainsCommand(), new BenchCommand(), new HaltCommand(), new RebootCommand(),
                new AcpiCommand(KernelAcpi.Tables, KernelAcpi.RsdpSource, KernelAcpi.Error),
                new PciCommand(PciDevices.ConfigDescription, PciDevices.Scan, PciDevices.ScanMicroseconds),
                new DriversCommand(), new CapsCommand(), new InjectCommand(), new EduCommand(), new BlkCommand(), new IrqModeCommand(),
            ]);
            help.Attach(shell);
            var output = new ConsoleSink();
            var reader = new LineReader();
            while (true)
            {
                KernelConsole.Write(CommandShell.Prompt);
                shell.Execute(reader.ReadLine(), output);
            }
        }

        private static void Halt(string reason)
        {
            KernelConsole.WriteLine("zos: cannot boot: " + reason);
            Panic.Stop();
        }
    }
}
