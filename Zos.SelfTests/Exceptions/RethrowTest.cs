using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // `throw;` continues the same exception object past the catch that
    // rethrew it; a sibling catch of the same try does not see it again.
    public sealed class RethrowTest : KernelTest
    {
        public override string Name => "exceptions.rethrow";

        public override string Run()
        {
            var log = new ExecutionLog();
            var original = new InvalidOperationException("original");
            Exception caught = null;
            try
            {
                CatchAndRethrow(log, original);
            }
            catch (Exception e)
            {
                log.Add("outer");
                caught = e;
            }
            return Expect(ReferenceEquals(caught, original), "the rethrown exception is a different object")
                ?? log.Expect("inner,finally,outer");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void CatchAndRethrow(ExecutionLog log, Exception e)
        {
            try
            {
                Thrower.Throw(e);
            }
            catch (InvalidOperationException)
            {
                log.Add("inner");
                try
                {
                    throw;
                }
                finally
                {
                    log.Add("finally");
                }
            }
            catch (Exception)
            {
                log.Add("sibling");
            }
        }
    }
}
