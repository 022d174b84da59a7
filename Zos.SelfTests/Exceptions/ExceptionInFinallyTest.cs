using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // An exception thrown by a finally while another unwinds replaces it: the
    // first is abandoned and only the second reaches a catch.
    public sealed class ExceptionInFinallyTest : KernelTest
    {
        public override string Name => "exceptions.exception_in_finally";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                ThrowTwice(log);
            }
            catch (FormatException)
            {
                log.Add("first-caught");
            }
            catch (ArgumentException e)
            {
                log.Add("caught " + e.Message);
            }
            return log.Expect("finally,outer-finally,caught second");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowTwice(ExecutionLog log)
        {
            try
            {
                try
                {
                    Thrower.Throw(new FormatException("first"));
                }
                finally
                {
                    log.Add("finally");
                    Thrower.Throw(new ArgumentException("second"));
                }
            }
            finally
            {
                log.Add("outer-finally");
            }
        }
    }
}
