using Zos.Runtime.Unwinding;

namespace Zos.Runtime
{
    // The kernel image's unwind and EH data, found through .eh_frame_hdr on first use.
    internal static unsafe class KernelCode
    {
        private static CodeLookup s_lookup;
        private static bool s_opened;

        public static bool TryFind(ulong pc, out FrameDescription frame, out UnwindBlock block)
        {
            if (!s_opened)
            {
                if (!EhFrameHeader.TryOpen(ExceptionNative.EhFrameHeader(), out EhFrameHeader header))
                    RuntimeFailure.Fail(FailureKind.ExceptionDispatch, "the kernel has no usable .eh_frame_hdr");
                s_lookup = new CodeLookup(header);
                s_opened = true;
            }
            return s_lookup.TryFind(pc, out frame, out block);
        }
    }
}
