namespace Zos.Kernel.Domains
{
    public enum DomainState
    {
        // Has threads, or has not started any yet.
        Running,
        // Every thread ended by returning.
        Exited,
        // Ended by a fault, the watchdog or its owner; see FaultDomain.Fault.
        Stopped,
    }
}
