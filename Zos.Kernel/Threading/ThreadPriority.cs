namespace Zos.Kernel.Threading
{
    // Strict priorities: a ready thread always runs before any of a lower
    // priority; threads of equal priority share the CPU round-robin.
    public enum ThreadPriority
    {
        Low = 0,
        Normal = 1,
        High = 2,
    }
}
