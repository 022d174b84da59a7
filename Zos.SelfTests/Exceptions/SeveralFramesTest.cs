using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // An exception crosses several frames, each with a finally; they run
    // innermost first, then the catch, and the catching frame resumes with
    // its locals intact.
    public sealed class SeveralFramesTest : KernelTest
    {
        public override string Name => "exceptions.several_frames";

        public override string Run()
        {
            var log = new ExecutionLog();
            long before = 0x1234_5678_9abc;
            int depthReached = 0;
            try
            {
                depthReached = Descend(log, 5);
            }
            catch (ArgumentException e)
            {
                log.Add("catch " + e.Message);
            }
            return Expect(before == 0x1234_5678_9abc, "a local of the catching frame changed")
                ?? Expect(depthReached == 0, "the call returned a value")
                ?? log.Expect("throw,finally 1,finally 2,finally 3,finally 4,finally 5,catch deep");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Descend(ExecutionLog log, int depth)
        {
            try
            {
                if (depth == 1)
                {
                    log.Add("throw");
                    Thrower.Throw(new ArgumentException("deep"));
                }
                return Descend(log, depth - 1) + 1;
            }
            finally
            {
                log.Add("finally " + depth.ToString());
            }
        }
    }
}
