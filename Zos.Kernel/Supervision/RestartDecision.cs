using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
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
}
