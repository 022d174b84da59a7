using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;
using Zos.Runtime.Unwinding;

namespace Zos.Runtime
{
    // Two-pass exception dispatch over ilc's unwind and EH data, as the CLI
    // specifies: the first pass walks the frames from the thrower outwards to
    // find a catch that takes the exception (running `when` filters on the way);
    // the second walks them again running the finally blocks it leaves, then runs
    // the catch and resumes its frame where the catch block ends.
    internal static unsafe class ExceptionDispatch
    {
        // The innermost exception being dispatched or caught on the running
        // thread: the kernel's scheduler swaps it on every thread switch.
        private static DispatchRecord* s_innermost;

        [RuntimeExport("zos_exception_chain_exchange")]
        private static void* ExchangeChain(void* next)
        {
            DispatchRecord* current = s_innermost;
            s_innermost = (DispatchRecord*)next;
            return current;
        }

        // Where the exception being dispatched on this thread was thrown: for the
        // kernel's stack trace of an unhandled one. Null when none is.
        [RuntimeExport("zos_exception_thrower_context")]
        private static RegisterContext* ThrowerContext() => s_innermost == null ? null : s_innermost->Thrower;

        // exceptions.asm's RhpThrowEx: `throw exception` at the call site thrower describes.
        [RuntimeExport("zos_dispatch_exception")]
        private static void DispatchException(object exception, RegisterContext* thrower)
        {
            exception ??= new NullReferenceException();
            Dispatch(exception, thrower);
        }

        // exceptions.asm's RhpRethrow: `throw;` rethrows the exception whose catch block is running.
        [RuntimeExport("zos_dispatch_rethrow")]
        private static void DispatchRethrow(RegisterContext* thrower)
        {
            if (s_innermost == null)
                RuntimeFailure.Fail(FailureKind.ExceptionDispatch, "rethrow outside a catch block", null, (void*)thrower->Rip);
            Dispatch(Unsafe.AsRef<object>(s_innermost->ExceptionSlot), thrower);
        }

        private static void Dispatch(object exception, RegisterContext* thrower)
        {
            DispatchRecord record;
            record.ExceptionSlot = Unsafe.AsPointer(ref exception);
            record.Outer = s_innermost;
            record.Thrower = thrower;
            s_innermost = &record;

            if (!FindCatch(exception, *thrower, out ulong catchFrameSp, out uint catchClause))
                UnhandledException.Raise(exception, thrower->Rip);

            var frames = new ExceptionFrameIterator();
            if (!frames.Start(*thrower)) Lost(thrower);
            while (true)
            {
                bool isCatchFrame = frames.Context.Rsp == catchFrameSp;
                RunFinallyBlocks(ref frames, isCatchFrame ? catchClause : uint.MaxValue);
                if (isCatchFrame) break;
                if (!frames.Next()) Lost(thrower);
            }

            RegisterContext catchFrame = frames.Context;
            ulong handler = frames.MethodStart + ClauseAt(ref frames, catchClause).HandlerOffset;
            FuncletCall call;
            call.Kind = FuncletKind.Catch;
            call.ClauseIndex = catchClause;
            call.Frame = &catchFrame;
            ulong resumeAt = ExceptionNative.InvokeFunclet((void*)handler, exception, &catchFrame, &call);

            // Every dispatch that started deeper than the resumed frame is over, this one included.
            while (s_innermost != null && (ulong)s_innermost < catchFrame.Rsp)
                s_innermost = s_innermost->Outer;
            ExceptionNative.ResumeFrame(&catchFrame, (void*)resumeAt);
        }

        // First pass: the frame (by stack pointer) and clause index of the catch
        // that takes the exception. Runs filters; changes nothing else.
        private static bool FindCatch(object exception, in RegisterContext thrower, out ulong frameSp, out uint clauseIndex)
        {
            var frames = new ExceptionFrameIterator();
            bool more = frames.Start(thrower);
            while (more)
            {
                if (frames.HasClauses)
                {
                    uint offset = frames.CodeOffset;
                    var reader = new EHClauseReader(frames.Block.EHInfo);
                    var resumption = new ClauseResumption(frames.ResumeAfterClause);
                    for (uint i = 0; reader.TryNext(out EHClause clause); i++)
                    {
                        if (resumption.Skips(i, clause) || !clause.Covers(offset)) continue;
                        bool catches = clause.Kind switch
                        {
                            EHClauseKind.Typed => TypeCast.IsAssignable(exception.m_pEEType, (MethodTable*)clause.CatchType),
                            EHClauseKind.Filter => RunFilter(exception, ref frames, i, clause.FilterOffset),
                            _ => false,
                        };
                        if (catches)
                        {
                            frameSp = frames.Context.Rsp;
                            clauseIndex = i;
                            return true;
                        }
                    }
                }
                more = frames.Next();
            }
            frameSp = 0;
            clauseIndex = 0;
            return false;
        }

        // An exception that escapes a filter means the filter says no (ECMA-335 I.12.4.2.7);
        // the unwinder brings it back here through zos_invoke_funclet's frame.
        private static bool RunFilter(object exception, ref ExceptionFrameIterator frames, uint clauseIndex, uint filterOffset)
        {
            RegisterContext frame = frames.Context;
            FuncletCall call;
            call.Kind = FuncletKind.Filter;
            call.ClauseIndex = clauseIndex;
            call.Frame = &frame;
            try
            {
                return (int)ExceptionNative.InvokeFunclet((void*)(frames.MethodStart + filterOffset), exception, &frame, &call) != 0;
            }
            catch
            {
                return false;
            }
        }

        // Second pass, one frame: runs the finally (fault) blocks whose try covers
        // the frame's position, innermost first, up to clause index limit.
        private static void RunFinallyBlocks(ref ExceptionFrameIterator frames, uint limit)
        {
            if (!frames.HasClauses) return;
            uint offset = frames.CodeOffset;
            var reader = new EHClauseReader(frames.Block.EHInfo);
            var resumption = new ClauseResumption(frames.ResumeAfterClause);
            for (uint i = 0; i < limit && reader.TryNext(out EHClause clause); i++)
            {
                if (resumption.Skips(i, clause) || clause.Kind != EHClauseKind.Fault || !clause.Covers(offset)) continue;
                RegisterContext frame = frames.Context;
                FuncletCall call;
                call.Kind = FuncletKind.Finally;
                call.ClauseIndex = i;
                call.Frame = &frame;
                ExceptionNative.InvokeFunclet((void*)(frames.MethodStart + clause.HandlerOffset), null, &frame, &call);
            }
        }

        private static EHClause ClauseAt(ref ExceptionFrameIterator frames, uint index)
        {
            var reader = new EHClauseReader(frames.Block.EHInfo);
            EHClause clause = default;
            for (uint i = 0; i <= index; i++) reader.TryNext(out clause);
            return clause;
        }

        private static void Lost(RegisterContext* thrower) =>
            RuntimeFailure.Fail(FailureKind.ExceptionDispatch, "the second pass did not reach the catching frame", null, (void*)thrower->Rip);
    }
}
