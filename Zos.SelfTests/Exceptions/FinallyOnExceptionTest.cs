using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // An exception runs the finally blocks it leaves (inner first) before the catch.
    public sealed class FinallyOnExceptionTest : KernelTest
    {
        public override string Name => "exceptions.finally_on_exception";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                Inner(log);
            }
            catch (InvalidOperationException)
            {
                log.Add("catch");
            }
            finally
            {
                log.Add("outer-finally");
            }
            return log.Expect("try,inner-finally,middle-finally,catch,outer-finally");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Inner(ExecutionLog log)
        {
            try
            {
                try
                {
                    log.Add("try");
                    Thrower.Throw(new InvalidOperationException());
                }
                finally
                {
                    log.Add("inner-finally");
                }
            }
            finally
            {
                log.Add("middle-finally");
            }
        }
    }
}
