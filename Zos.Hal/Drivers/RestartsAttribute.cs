using System;

namespace Zos.Hal.Drivers
{
    // How the supervisor restarts an instance of the driver that ended (the
    // kernel's RestartPolicy explains each kind). Without this attribute a
    // driver is restarted on failure with the defaults below.
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
    public sealed class RestartsAttribute : Attribute
    {
        public const int DefaultMaxRestartsInARow = 5;
        public const ulong DefaultStableRunMilliseconds = 10_000;

        public RestartsAttribute(RestartPolicyKind kind)
        {
            Kind = kind;
        }

        public RestartPolicyKind Kind { get; }
        // More restarts in a row than this is a crash loop: the instance ends Failed.
        public int MaxRestartsInARow { get; set; } = DefaultMaxRestartsInARow;
        // Running this long makes the next restart the first in a row again.
        public ulong StableRunMilliseconds { get; set; } = DefaultStableRunMilliseconds;
        // WithBackoff: the first wait, doubled for every restart in a row up to the longest.
        public ulong FirstBackoffMilliseconds { get; set; }
        public ulong LongestBackoffMilliseconds { get; set; }
    }

    public enum RestartPolicyKind
    {
        // Never restarted: a crash ends in Failed, a clean exit stays Exited.
        Never,
        // Restarted at once after a crash; a clean exit stays Exited.
        OnFailure,
        // Restarted at once after a crash or a clean exit.
        Always,
        // Restarted after a crash once a delay has passed that doubles with every restart in a row, up to a cap;
        // a clean exit stays Exited.
        WithBackoff,
    }
}
