using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // The watchdog's judgement of a driver at one instant.
    public readonly struct HangVerdict
    {
        public HangVerdict(HangKind kind, string message, int requestId)
        {
            Kind = kind;
            Message = message;
            RequestId = requestId;
        }

        public HangKind Kind { get; }
        public bool IsHung => Kind != HangKind.None;
        // What was missed, in words (null when not hung).
        public string Message { get; }
        // The overdue request (DeadlinePassed only).
        public int RequestId { get; }

        public static HangVerdict Alive => new HangVerdict(HangKind.None, null, 0);
    }
}
