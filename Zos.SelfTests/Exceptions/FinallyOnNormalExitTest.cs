using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // finally runs when the try block completes normally and when it returns early.
    public sealed class FinallyOnNormalExitTest : KernelTest
    {
        public override string Name => "exceptions.finally_normal_exit";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                log.Add("try");
            }
            finally
            {
                log.Add("finally");
            }
            int value = ReturnFromTry(log);
            log.Add("returned " + value.ToString());
            return log.Expect("try,finally,early-return,early-finally,returned 7");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int ReturnFromTry(ExecutionLog log)
        {
            try
            {
                log.Add("early-return");
                return 7;
            }
            finally
            {
                log.Add("early-finally");
            }
        }
    }
}
