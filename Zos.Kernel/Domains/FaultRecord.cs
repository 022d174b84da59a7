namespace Zos.Kernel.Domains
{
    // Why a fault domain was stopped: the kind of fault in a C# programmer's
    // words ("null dereference", "stack overflow", "unhandled exception",
    // "watchdog", ...), the details, and where it happened.
    public sealed class FaultRecord
    {
        public FaultRecord(string kind, string message, string method, ulong address, string threadName, ulong timeNanoseconds)
        {
            Kind = kind;
            Message = message;
            Method = method;
            Address = address;
            ThreadName = threadName;
            TimeNanoseconds = timeNanoseconds;
        }

        public string Kind { get; }
        public string Message { get; }
        // The managed method (from the symbol table) the fault happened in, with offset.
        public string Method { get; }
        public ulong Address { get; }
        public string ThreadName { get; }
        public ulong TimeNanoseconds { get; }
    }
}
