using System;
using Zos.Hal.Acpi;
using Zos.Hal.Apic;
using Zos.Hal.Firmware;
using Zos.Hal.Interrupts;
using Zos.Hal.Memory;
using Zos.Hal.Platform;
using Zos.Hal.Timing;
using Zos.Kernel.Boot;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Domains;
using Zos.Kernel.Hosting;
using Zos.Kernel.Input;
using Zos.Kernel.Storage;
using Zos.Kernel.Memory;
using Zos.Kernel.Platform;
using Zos.Kernel.Screen;
using Zos.Kernel.Threading;

namespace Zos.Kernel
{
    // Boot, in order: console, fault reporting, boot information, memory,
    // screen, symbols, ACPI tables, clock, PCI functions, interrupts, scheduler, the
    // driver host with the catalog the image was built with. The image's entry
    // point (Zos.Image) calls Boot, then starts what runs on top (the shell).
    public static unsafe class KernelMain
    {
        private const ulong Multiboot2Magic = 0x36D76289;
        // How long the prompt waits for the keyboard drivers (they start in milliseconds; TCG under load, longer).
        private const int KeyboardReadyMilliseconds = 3000;
        // Under QEMU, `-fw_cfg name=opt/zos/options,string=...` adds kernel options to the boot loader's command line.
        public const string FirmwareOptionsFile = "opt/zos/options";

        // The boot loader's command line and the firmware's options file, in that order.
        public static KernelCommandLine Options { get; private set; }

        public static void Boot(BootInfo* boot, DriverCatalog catalog)
        {
            KernelConsole.Initialize();
            Panic.Initialize();
            InterruptTable.Install((ulong*)boot->InterruptStubs, &FaultContainment.OnCpuException);
            if (boot->MultibootMagic != Multiboot2Magic) Halt("not booted by a multiboot2 loader (magic " + boot->MultibootMagic.ToString("x") + ")");

            var info = new ReadOnlySpan<byte>((void*)boot->MultibootInfo, *(int*)boot->MultibootInfo);
            if (!Multiboot2Info.TryParse(info, out Multiboot2Info multiboot, out string error)) Halt("bad multiboot2 information: " + error);
            string memoryError = KernelMemory.Initialize(multiboot, boot->MultibootInfo, boot->KernelStart, boot->KernelEnd);
            if (memoryError is not null) Halt(memoryError);
            WarnIf(KernelScreen.Initialize(multiboot));
            Panic.UseSymbols(LoadSymbols(multiboot));
            KernelAcpi.Initialize(multiboot, info);
            if (KernelAcpi.Tables is null) KernelConsole.WriteLine("warning: no ACPI tables: " + KernelAcpi.Error);
            else if (KernelAcpi.Tables.FadtError is not null) KernelConsole.WriteLine("warning: no ACPI PM timer: " + KernelAcpi.Tables.FadtError);

            Options = KernelCommandLine.Parse(multiboot.CommandLine + " " + QemuFirmwareConfig.ReadText(FirmwareOptionsFile));
            KernelClock.Calibrate(KernelAcpi.Tables, Options);
            PciDevices.Initialize(KernelAcpi.Tables?.Mcfg);
            StartInterruptControllers(KernelAcpi.Tables?.Madt);
            Scheduler.Start(KernelMemory.Frames);
            WarnIf(KernelScreen.StartDrawingThread());
            KernelClock.StartDiscipline();
            ConsoleInput.UseSerial(KernelConsole.Port);
            StartDrivers(catalog);
            string unready = ConsoleInput.WaitForKeyboards(KeyboardReadyMilliseconds);
            if (unready is not null) KernelConsole.WriteLine("warning: " + unready + " is not reading keys yet; what is typed now may be lost");

            KernelConsole.WriteLine("Zos booted in " + (TimestampClock.NanosecondsSinceBoot / 1000).ToString() + " us since clock calibration; "
                + (KernelMemory.UsableBytes >> 20).ToString() + " MiB usable. Type help.");
        }

        // The local APIC and the I/O APICs the MADT lists; without them (no ACPI,
        // or a machine with no I/O APIC) device interrupts fall back to the 8259.
        private static void StartInterruptControllers(MadtTable madt)
        {
            LocalApic.Enable(IdentityMappedMemory.Instance, madt is null ? 0 : madt.LocalApicAddress);
            if (madt is null || madt.IoApics.Length == 0)
            {
                KernelConsole.WriteLine("warning: no I/O APIC in the ACPI tables; using the legacy 8259 PIC");
                IrqLines.UsePic();
                return;
            }
            var ioApics = new IoApic[madt.IoApics.Length];
            for (int i = 0; i < ioApics.Length; i++)
                ioApics[i] = new IoApic(IdentityMappedMemory.Instance, madt.IoApics[i].Address, madt.IoApics[i].GsiBase);
            IrqLines.UseIoApics(ioApics, madt);
        }

        private static void StartDrivers(DriverCatalog catalog)
        {
            PlatformDevice[] platform = PcPlatformDevices.Discover(KernelAcpi.Tables, KernelAcpi.Error);
            for (int i = 0; i < platform.Length; i++)
                KernelConsole.WriteLine("platform device " + platform[i].Name + " (" + platform[i].Description + ")"
                    + (platform[i].Present ? " present: " : " absent: ") + platform[i].Presence);
            DriverHost.Bind(catalog, PciDevices.Functions, platform, PciDevices.Config);
            // Before any driver starts: from here on, a device reaches only what its driver holds as DMA capabilities.
            KernelIommu.Start(Options, KernelAcpi.Tables, DriverHost.Authority, DriverHost.Instances);
            string error = BlockDevices.Start(DriverHost.Instances) ?? ConsoleInput.AttachKeyboards(DriverHost.Instances) ?? DriverHost.StartSupervisor();
            if (error is not null) KernelConsole.WriteLine("warning: no driver supervisor: " + error);
            DriverInstance[] instances = DriverHost.Instances;
            for (int i = 0; i < instances.Length; i++)
                KernelConsole.WriteLine("driver " + instances[i].Name + " bound to " + instances[i].DeviceName);
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

        private static void WarnIf(string problem)
        {
            if (problem is not null) KernelConsole.WriteLine("warning: " + problem);
        }

        public static void Halt(string reason)
        {
            KernelConsole.WriteLine("zos: cannot boot: " + reason);
            Panic.Stop();
        }
    }
}
