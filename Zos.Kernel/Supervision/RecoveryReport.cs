using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // What one run of the recovery plan did, step by step, with times.
    public sealed class RecoveryReport
    {
        public RecoveryReport(RecoveryStepResult[] steps, string failureReason, ulong startedAtNanoseconds, ulong finishedAtNanoseconds)
        {
            Steps = steps;
            FailureReason = failureReason;
            StartedAtNanoseconds = startedAtNanoseconds;
            FinishedAtNanoseconds = finishedAtNanoseconds;
        }

        // One entry per step of RecoveryPlan.Order, in that order.
        public RecoveryStepResult[] Steps { get; }
        // Null when every step was done.
        public string FailureReason { get; }
        public bool Succeeded => FailureReason is null;
        public ulong StartedAtNanoseconds { get; }
        public ulong FinishedAtNanoseconds { get; }
    }
}
