namespace Zos.Drivers.Ahci
{
    // The outcome of AhciPort.Recover: the command that failed (when the HBA
    // said which) and its error, the slots that were in flight and must be
    // issued again (their data may be half-moved: a read's memory is
    // undefined, a write may be partly on the medium), and Problem when the
    // port could not be restarted (then only an HBA reset is left).
    public sealed class AhciRecovery
    {
        public AhciRecovery(int failedSlot, AhciCommandError error, uint retrySlots, string problem)
        {
            FailedSlot = failedSlot;
            Error = error;
            RetrySlots = retrySlots;
            Problem = problem;
        }

        // -1 when no command is to blame (a timeout, or NCQ with several in flight).
        public int FailedSlot { get; }
        // Why the port stopped; null after a recovery nothing had asked for.
        public AhciCommandError Error { get; }
        public uint RetrySlots { get; }
        public string Problem { get; }
        public bool Restarted => Problem is null;
    }
}
