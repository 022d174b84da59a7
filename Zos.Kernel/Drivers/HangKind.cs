namespace Zos.Kernel.Drivers
{
    public enum HangKind
    {
        None,
        // No heartbeat for HangVerdict.MissedPeriods heartbeat periods.
        HeartbeatMissed,
        // A request is still outstanding past its deadline.
        DeadlinePassed,
    }
}
