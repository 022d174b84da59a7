using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // `when` filters decide whether their clause catches: a false filter passes
    // the exception on, a true one catches it. Filters run in the first pass,
    // before any finally of the frames being unwound.
    public sealed class FilterTest : KernelTest
    {
        public override string Name => "exceptions.filters";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                try
                {
                    ThrowUnderFinally(log, 42);
                }
                catch (InvalidOperationException e) when (log.AddAndReturn("filter-false", e.Message == "41"))
                {
                    log.Add("wrong-catch");
                }
            }
            catch (InvalidOperationException e) when (log.AddAndReturn("filter-true", e.Message == "42"))
            {
                log.Add("catch");
            }
            return log.Expect("filter-false,filter-true,finally,catch");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowUnderFinally(ExecutionLog log, int code)
        {
            try
            {
                Thrower.Throw(new InvalidOperationException(code.ToString()));
            }
            finally
            {
                log.Add("finally");
            }
        }
    }
}
