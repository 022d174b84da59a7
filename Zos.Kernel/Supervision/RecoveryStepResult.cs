using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    public readonly struct RecoveryStepResult
    {
        public RecoveryStepResult(RecoveryStep step, RecoveryStepOutcome outcome, string error, ulong startedAtNanoseconds, ulong finishedAtNanoseconds)
        {
            Step = step;
            Outcome = outcome;
            Error = error;
            StartedAtNanoseconds = startedAtNanoseconds;
            FinishedAtNanoseconds = finishedAtNanoseconds;
        }

        public RecoveryStep Step { get; }
        public RecoveryStepOutcome Outcome { get; }
        // Why it failed (Failed only).
        public string Error { get; }
        public ulong StartedAtNanoseconds { get; }
        public ulong FinishedAtNanoseconds { get; }
    }
}
