using System;

namespace Zos.Kernel.Supervision
{
    // Runs the cleanup of an ended incarnation in a fixed order: stop its
    // threads, revoke its capabilities, mask its interrupts, stop its device's
    // DMA, reclaim its memory. The order matters: nothing may use a capability
    // once revoked, the device must not interrupt or write memory once the
    // driver is gone, and memory a device may still write into must never be
    // handed to someone else. So the first step that fails (returns an error or
    // throws) stops the plan: the later steps are skipped and what they would
    // have released stays held, quarantined, and the driver ends in Failed.
    public static class RecoveryPlan
    {
        public static readonly RecoveryStep[] Order =
        [
            RecoveryStep.StopThreads,
            RecoveryStep.RevokeCapabilities,
            RecoveryStep.MaskInterrupts,
            RecoveryStep.StopDma,
            RecoveryStep.ReclaimMemory,
        ];

        public static RecoveryReport Run(IRecoveryActions actions, SupervisedDriver driver, IMonotonicClock clock)
        {
            var results = new RecoveryStepResult[Order.Length];
            string failure = null;
            ulong started = clock.NowNanoseconds;
            for (int i = 0; i < Order.Length; i++)
            {
                RecoveryStep step = Order[i];
                ulong stepStarted = clock.NowNanoseconds;
                if (failure is not null)
                {
                    results[i] = new RecoveryStepResult(step, RecoveryStepOutcome.Skipped, null, stepStarted, stepStarted);
                    continue;
                }
                string error = RunStep(actions, step, driver);
                results[i] = new RecoveryStepResult(step, error is null ? RecoveryStepOutcome.Done : RecoveryStepOutcome.Failed, error,
                    stepStarted, clock.NowNanoseconds);
                if (error is not null) failure = "recovery step " + StepName(step) + " failed: " + error;
            }
            return new RecoveryReport(results, failure, started, clock.NowNanoseconds);
        }

        public static string StepName(RecoveryStep step) => step switch
        {
            RecoveryStep.StopThreads => "stop threads",
            RecoveryStep.RevokeCapabilities => "revoke capabilities",
            RecoveryStep.MaskInterrupts => "mask interrupts",
            RecoveryStep.StopDma => "stop DMA",
            RecoveryStep.ReclaimMemory => "reclaim memory",
            _ => "step " + ((int)step).ToString(),
        };

        private static string RunStep(IRecoveryActions actions, RecoveryStep step, SupervisedDriver driver)
        {
            try
            {
                return step switch
                {
                    RecoveryStep.StopThreads => actions.StopThreads(driver),
                    RecoveryStep.RevokeCapabilities => actions.RevokeCapabilities(driver),
                    RecoveryStep.MaskInterrupts => actions.MaskInterrupts(driver),
                    RecoveryStep.StopDma => actions.StopDma(driver),
                    _ => actions.ReclaimMemory(driver),
                };
            }
            catch (Exception exception)
            {
                return "threw: " + exception.Message;
            }
        }
    }

    // The kernel's implementation of each recovery step for a driver instance.
    // Each returns null when done, else why it failed. Each must be idempotent:
    // a step may find its work already done (a faulting domain is already stopped).
    public interface IRecoveryActions
    {
        string StopThreads(SupervisedDriver driver);
        string RevokeCapabilities(SupervisedDriver driver);
        string MaskInterrupts(SupervisedDriver driver);
        string StopDma(SupervisedDriver driver);
        string ReclaimMemory(SupervisedDriver driver);
    }

    // The cleanup after an incarnation ends, in the order RecoveryPlan runs it.
    public enum RecoveryStep
    {
        // End every thread of the driver's domain (already done when a fault
        // stopped it; needed when the watchdog or a capability denial ends it).
        StopThreads,
        // Revoke every capability the domain holds: any later use faults.
        RevokeCapabilities,
        // Mask its IRQ lines / MSI vectors so its device cannot interrupt a driver that is not there.
        MaskInterrupts,
        // Stop the device's DMA: bus master off, or a device reset.
        StopDma,
        // Give back its memory (quota, DMA buffers). Only safe once DMA has stopped.
        ReclaimMemory,
    }

    public enum RecoveryStepOutcome
    {
        Done,
        Failed,
        // Not run because an earlier step failed.
        Skipped,
    }

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
