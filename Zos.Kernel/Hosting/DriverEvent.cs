using Zos.Kernel.Diagnostics;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;
namespace Zos.Kernel.Hosting
{
    // One lifecycle report, queued by a driver thread for the supervisor thread.
    public readonly struct DriverEvent
    {
        public DriverEvent(DriverEventKind kind, DriverIncarnation incarnation, string text, int requestId = 0, ulong deadlineNanoseconds = 0)
        {
            Kind = kind;
            Incarnation = incarnation;
            Text = text;
            RequestId = requestId;
            DeadlineNanoseconds = deadlineNanoseconds;
        }

        public DriverEventKind Kind { get; }
        public DriverIncarnation Incarnation { get; }
        // The reason, for CapabilitiesDenied.
        public string Text { get; }
        // For RequestStarted and RequestCompleted.
        public int RequestId { get; }
        public ulong DeadlineNanoseconds { get; }
    }
}
