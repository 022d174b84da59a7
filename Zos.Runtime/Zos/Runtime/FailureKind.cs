namespace Zos.Runtime
{
    // Why the runtime gave up; the kernel's panic report prints it. Values are
    // shared with Zos.Hal's RuntimeFailureKind, which the kernel sees.
    internal enum FailureKind
    {
        UnhandledException = 1,
        OutOfMemory = 2,
        HeapRegionTableFull = 3,
        InterfaceDispatch = 4,
        StackCorruption = 5,
        ExceptionDispatch = 6,
        GarbageCollectorMisuse = 7,
        MonitorTableFull = 8,
        // A fault domain's memory account went past its quota (GcHeap.Accounts).
        MemoryQuotaExceeded = 9,
    }
}
