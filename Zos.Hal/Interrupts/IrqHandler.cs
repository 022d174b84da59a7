namespace Zos.Hal.Interrupts
{
    // Code that services one device's interrupts. The contract, because handlers
    // run inside the interrupt:
    // - interrupts are disabled and the handler runs on the interrupted thread's
    //   stack: it must be short, must not block, sleep, take a mutex or allocate;
    // - it may read/write its device and signal events or semaphores (waking
    //   threads; any thread switch happens after the interrupt is acknowledged);
    // - a line may be shared (PCI INTx): return true only if this handler's device
    //   had an interrupt pending, so unclaimed interrupts can be counted;
    // - the end-of-interrupt is sent by IrqLines after every handler on the line
    //   has run, so a level-triggered device must be quiet by then.
    public abstract class IrqHandler
    {
        public abstract bool Handle();
    }
}
