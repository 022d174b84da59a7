using System;
using Zos.Hal.Drivers;

namespace Zos.Kernel.Supervision
{
    // When a driver instance that ended is started again. Every restarting
    // policy counts restarts in a row: a restart is "in a row" unless the
    // incarnation before it stayed Running for StableRunNanoseconds. A driver
    // that needs more than MaxAttempts restarts in a row is in a crash loop and
    // ends in Failed, so a broken driver cannot keep the machine busy forever.
    //
    // Clean exits (every thread of a Running driver returned): only Always
    // restarts them, as systemd's Restart=always does; OnFailure and
    // WithBackoff treat a clean exit as the driver's own decision to stop and
    // leave it Exited, Never too. Always counts clean-exit restarts towards
    // MaxAttempts like crashes: a driver that exits at once after every start
    // is looping just the same.
    public sealed class RestartPolicy
    {
        public const int DefaultMaxAttempts = RestartsAttribute.DefaultMaxRestartsInARow;
        public const ulong DefaultStableRunNanoseconds = RestartsAttribute.DefaultStableRunMilliseconds * 1_000_000UL;

        private RestartPolicy(RestartPolicyKind kind, ulong initialDelay, ulong maxDelay, int maxAttempts, ulong stableRun)
        {
            Kind = kind;
            InitialDelayNanoseconds = initialDelay;
            MaxDelayNanoseconds = maxDelay;
            MaxAttempts = maxAttempts;
            StableRunNanoseconds = stableRun;
        }

        public RestartPolicyKind Kind { get; }
        public ulong InitialDelayNanoseconds { get; }
        public ulong MaxDelayNanoseconds { get; }
        public int MaxAttempts { get; }
        public ulong StableRunNanoseconds { get; }

        public static RestartPolicy Never() => new RestartPolicy(RestartPolicyKind.Never, 0, 0, 0, 0);

        public static RestartPolicy OnFailure(int maxAttempts = DefaultMaxAttempts, ulong stableRunNanoseconds = DefaultStableRunNanoseconds) =>
            Immediate(RestartPolicyKind.OnFailure, maxAttempts, stableRunNanoseconds);

        public static RestartPolicy Always(int maxAttempts = DefaultMaxAttempts, ulong stableRunNanoseconds = DefaultStableRunNanoseconds) =>
            Immediate(RestartPolicyKind.Always, maxAttempts, stableRunNanoseconds);

        // Restart n in a row waits initial * 2^(n-1), capped at max.
        public static RestartPolicy WithBackoff(ulong initialNanoseconds, ulong maxNanoseconds, int maxAttempts,
            ulong stableRunNanoseconds = DefaultStableRunNanoseconds)
        {
            if (initialNanoseconds == 0) throw new ArgumentException("backoff: the initial delay must be above 0");
            if (maxNanoseconds < initialNanoseconds) throw new ArgumentException("backoff: the maximum delay is below the initial delay");
            CheckLimits(maxAttempts, stableRunNanoseconds);
            return new RestartPolicy(RestartPolicyKind.WithBackoff, initialNanoseconds, maxNanoseconds, maxAttempts, stableRunNanoseconds);
        }

        // The policy a driver class declares with [Restarts].
        public static RestartPolicy From(RestartsAttribute declared)
        {
            const ulong Ms = 1_000_000UL;
            return declared.Kind switch
            {
                RestartPolicyKind.Never => Never(),
                RestartPolicyKind.Always => Always(declared.MaxRestartsInARow, declared.StableRunMilliseconds * Ms),
                RestartPolicyKind.WithBackoff => WithBackoff(declared.FirstBackoffMilliseconds * Ms, declared.LongestBackoffMilliseconds * Ms,
                    declared.MaxRestartsInARow, declared.StableRunMilliseconds * Ms),
                _ => OnFailure(declared.MaxRestartsInARow, declared.StableRunMilliseconds * Ms),
            };
        }

        public bool RestartsAfterCrash => Kind != RestartPolicyKind.Never;
        public bool RestartsAfterCleanExit => Kind == RestartPolicyKind.Always;

        // The wait before restart number `attempt` (1-based) in a row.
        public ulong DelayBeforeAttempt(int attempt)
        {
            if (attempt < 1) throw new ArgumentException("attempt numbers start at 1");
            if (Kind != RestartPolicyKind.WithBackoff) return 0;
            ulong delay = InitialDelayNanoseconds;
            // Doubling stops at the cap, so this neither overflows nor loops long, and
            // never passes it: initial <= max, and only a delay <= max / 2 is doubled.
            for (int i = 1; i < attempt && delay < MaxDelayNanoseconds; i++)
                delay = delay > MaxDelayNanoseconds / 2 ? MaxDelayNanoseconds : delay * 2;
            return delay;
        }

        // What to do with an incarnation that ended at `now` (after its cleanup),
        // given how many restarts in a row came before it.
        public RestartDecision Decide(bool crashed, int restartsInARow, ulong nowNanoseconds)
        {
            if (crashed ? !RestartsAfterCrash : !RestartsAfterCleanExit)
                return crashed ? RestartDecision.Fail("policy " + Describe() + " does not restart after a crash")
                    : RestartDecision.StayExited("policy " + Describe() + " does not restart after a clean exit");
            int attempt = restartsInARow + 1;
            if (attempt > MaxAttempts)
                return RestartDecision.Fail("crash loop: " + restartsInARow.ToString() + " restarts in a row, none stayed Running for "
                    + DurationText.Milliseconds(StableRunNanoseconds) + " (policy " + Describe() + ")");
            return RestartDecision.RestartAt(nowNanoseconds + DelayBeforeAttempt(attempt), attempt);
        }

        public string Describe() => Kind switch
        {
            RestartPolicyKind.Never => "never",
            RestartPolicyKind.OnFailure => "on-failure, " + MaxAttempts.ToString() + " in a row",
            RestartPolicyKind.Always => "always, " + MaxAttempts.ToString() + " in a row",
            _ => "backoff " + DurationText.Milliseconds(InitialDelayNanoseconds) + ".." + DurationText.Milliseconds(MaxDelayNanoseconds) + ", "
                + MaxAttempts.ToString() + " in a row",
        };

        private static RestartPolicy Immediate(RestartPolicyKind kind, int maxAttempts, ulong stableRun)
        {
            CheckLimits(maxAttempts, stableRun);
            return new RestartPolicy(kind, 0, 0, maxAttempts, stableRun);
        }

        private static void CheckLimits(int maxAttempts, ulong stableRun)
        {
            if (maxAttempts < 1) throw new ArgumentException("restart policy: maxAttempts must be at least 1");
            if (stableRun == 0) throw new ArgumentException("restart policy: the stable run time must be above 0");
        }
    }

    // "Restart at time T as attempt N", "fail because ...", or "stay exited".
    public readonly struct RestartDecision
    {
        private RestartDecision(RestartAction action, ulong atNanoseconds, int attempt, string reason)
        {
            Action = action;
            AtNanoseconds = atNanoseconds;
            Attempt = attempt;
            Reason = reason;
        }

        public RestartAction Action { get; }
        // When to respawn (Restart only).
        public ulong AtNanoseconds { get; }
        // 1 for the first restart after a stable run, 2 for the next one in a row, ... (Restart only).
        public int Attempt { get; }
        // Why (Fail and StayExited).
        public string Reason { get; }

        public static RestartDecision RestartAt(ulong atNanoseconds, int attempt) =>
            new RestartDecision(RestartAction.Restart, atNanoseconds, attempt, null);

        public static RestartDecision Fail(string reason) => new RestartDecision(RestartAction.Fail, 0, 0, reason);

        public static RestartDecision StayExited(string reason) => new RestartDecision(RestartAction.StayExited, 0, 0, reason);
    }

    // What the supervisor does once an incarnation has ended and been cleaned up.
    public enum RestartAction
    {
        // Respawn at RestartDecision.AtNanoseconds.
        Restart,
        // Give up: the driver goes to Failed.
        Fail,
        // It exited cleanly and the policy does not restart clean exits: it stays Exited.
        StayExited,
    }
}
