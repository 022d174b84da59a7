using System.Runtime.InteropServices;
using Zos.Hal.Interrupts;
using Zos.Kernel.Boot;
using Zos.Kernel.Diagnostics;

namespace Zos.Kernel
{
    public static unsafe class KernelMain
    {
        [UnmanagedCallersOnly(EntryPoint = "zos_kmain")]
        private static void Start(BootInfo* boot)
        {
            KernelConsole.Initialize();
            Panic.Initialize(SymbolTable.Empty);
            InterruptTable.Install((ulong*)boot->InterruptStubs, &Panic.OnCpuException);
            KernelConsole.WriteLine("Zos says hello " + boot->MultibootMagic.ToString("X"));
            int* p = null;
            *p = 1;
        }
    }
}
