using System;
using System.Runtime.InteropServices;
using Zos.Hal;
using Zos.Hal.Interrupts;
using Zos.Hal.Timing;
using Zos.Kernel.Boot;
using Zos.Kernel.Commands;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Memory;
using Zos.Kernel.Shell;

namespace Zos.Kernel
{
    // Boot, in order: console, fault reporting, boot information, memory,
    // symbols, clock, interrupts; then the shell on the serial console.
    public static unsafe class KernelMain
    {
        private const ulong Multiboot2Magic = 0x36D76289;
        private const int SerialIrq = 4;

        [UnmanagedCallersOnly(EntryPoint = "zos_kmain")]
        private static void Start(BootInfo* boot)
        {
            KernelConsole.Initialize();
            Panic.Initialize();
            InterruptTable.Install((ulong*)boot->InterruptStubs, &Panic.OnCpuException);
            if (boot->MultibootMagic != Multiboot2Magic) Halt("not booted by a multiboot2 loader (magic " + boot->MultibootMagic.ToString("x") + ")");

            var info = new ReadOnlySpan<byte>((void*)boot->MultibootInfo, *(int*)boot->MultibootInfo);
            if (!Multiboot2Info.TryParse(info, out Multiboot2Info multiboot, out string error)) Halt("bad multiboot2 information: " + error);
            string memoryError = KernelMemory.Initialize(multiboot, boot->MultibootInfo, boot->KernelStart, boot->KernelEnd);
            if (memoryError is not null) Halt(memoryError);
            Panic.UseSymbols(LoadSymbols(multiboot));

            TimestampClock.Calibrate();
            Pic.Remap();
            InterruptTable.SetHandler(Pic.VectorBase + SerialIrq, &OnSerialInterrupt);
            KernelConsole.Port.EnableReceiveInterrupt();
            Pic.Unmask(SerialIrq);

            KernelConsole.WriteLine("Zos booted in " + (TimestampClock.NanosecondsSinceBoot / 1000).ToString() + " us since clock calibration; "
                + (KernelMemory.UsableBytes >> 20).ToString() + " MiB usable. Type help.");
            RunShell();
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
                new FaultCommand(), new HaltCommand(), new RebootCommand(),
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

        // The byte stays in the UART; waking the CPU from hlt is all this is for.
        private static void OnSerialInterrupt(InterruptFrame* frame) { }

        private static void Halt(string reason)
        {
            KernelConsole.WriteLine("zos: cannot boot: " + reason);
            Panic.Stop();
        }
    }
}
