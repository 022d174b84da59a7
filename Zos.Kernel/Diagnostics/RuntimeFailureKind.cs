namespace Zos.Kernel.Diagnostics
{
    // The kinds zos_runtime_fatal receives; the same values as Zos.Runtime's FailureKind.
    public static class RuntimeFailureKind
    {
        public const int UnhandledException = 1;
        public const int OutOfMemory = 2;
        public const int HeapRegionTableFull = 3;
        public const int InterfaceDispatch = 4;
        public const int StackCorruption = 5;
        public const int ExceptionDispatch = 6;
        public const int GarbageCollectorMisuse = 7;
        public const int MonitorTableFull = 8;
        public const int MemoryQuotaExceeded = 9;
    }
}
