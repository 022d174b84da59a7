namespace Zos.Kernel.Drivers
{
    public enum RecoveryStepOutcome
    {
        Done,
        Failed,
        // Not run because an earlier step failed.
        Skipped,
    }
}
