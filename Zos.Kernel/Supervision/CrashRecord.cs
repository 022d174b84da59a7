using Zos.Kernel.Domains;

namespace Zos.Kernel.Supervision
{
    // One crash of a driver instance: the cause, the kind in a C# programmer's
    // words ("null dereference", "heartbeat missed", ...), the details, the
    // managed method it happened in (null when unknown), when, and in which
    // lifecycle state (a crash while Probing is not one while Running).
    public sealed class CrashRecord
    {
        // The FaultRecord kinds the driver host stops a domain with.
        public const string CapabilityViolationKind = "capability violation";
        public const string ExplicitFailureKind = "explicit failure";
        public const string DmaViolationKind = "DMA violation";

        public CrashRecord(CrashCause cause, string kind, string message, string method, ulong timeNanoseconds)
        {
            Cause = cause;
            Kind = kind;
            Message = message;
            Method = method;
            TimeNanoseconds = timeNanoseconds;
        }

        public CrashCause Cause { get; }
        public string Kind { get; }
        public string Message { get; }
        public string Method { get; }
        public ulong TimeNanoseconds { get; }
        // Filled in by the supervisor when it accepts the crash.
        public DriverState StateAtCrash { get; internal set; }
        public int Incarnation { get; internal set; }

        // A fault domain stop seen as a driver crash. FaultContainment names
        // unhandled exceptions and watchdog stops, the driver host capability
        // violations and explicit failures; every other kind is a CPU fault or
        // a runtime failure in the driver's own code.
        public static CrashRecord FromFault(FaultRecord fault)
        {
            CrashCause cause = fault.Kind switch
            {
                "unhandled exception" => CrashCause.UnhandledException,
                "watchdog" => CrashCause.Watchdog,
                "memory quota exceeded" => CrashCause.MemoryQuota,
                CapabilityViolationKind => CrashCause.CapabilityViolation,
                ExplicitFailureKind => CrashCause.ExplicitFailure,
                DmaViolationKind => CrashCause.DmaViolation,
                _ => CrashCause.ManagedFault,
            };
            return new CrashRecord(cause, fault.Kind, fault.Message, fault.Method, fault.TimeNanoseconds);
        }

        public static string CauseName(CrashCause cause) => cause switch
        {
            CrashCause.ManagedFault => "managed fault",
            CrashCause.UnhandledException => "unhandled exception",
            CrashCause.CapabilityViolation => "capability violation",
            CrashCause.Watchdog => "watchdog",
            CrashCause.ExplicitFailure => "explicit failure",
            CrashCause.MemoryQuota => "memory quota",
            CrashCause.DmaViolation => DmaViolationKind,
            _ => "cause " + ((int)cause).ToString(),
        };

        // One line for logs and the shell: "managed fault (null dereference) in Edu.Probe+0x12: page fault at 8".
        public string Describe() =>
            CauseName(Cause) + (Kind is null || Kind == CauseName(Cause) ? "" : " (" + Kind + ")")
            + (Method is null ? "" : " in " + Method) + (Message is null ? "" : ": " + Message);
    }

    // Why a driver instance crashed.
    public enum CrashCause
    {
        // A CPU fault in its code: null dereference, divide by zero, stack overflow, ... (CrashRecord.Kind says which).
        ManagedFault,
        // An exception no catch took.
        UnhandledException,
        // It used a capability it does not hold, a revoked one, or one outside its range or rights.
        CapabilityViolation,
        // It missed its heartbeats or left a request past its deadline.
        Watchdog,
        // It reported that it cannot go on (or ended before reaching Running).
        ExplicitFailure,
        // It held more managed heap than its manifest's memory quota.
        MemoryQuota,
        // Its device reached for memory the driver holds no DMA capability over; the IOMMU blocked it.
        DmaViolation,
    }
}
