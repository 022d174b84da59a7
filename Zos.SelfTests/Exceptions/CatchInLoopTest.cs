using System;

namespace Zos.SelfTests.Exceptions
{
    // Throwing and catching many times leaves the stack where it was: the
    // catching frame resumes with its own stack pointer every time.
    public sealed class CatchInLoopTest : KernelTest
    {
        private const int Iterations = 2000;

        public override string Name => "exceptions.catch_in_loop";

        public override string Run()
        {
            var exception = new InvalidOperationException();
            ulong before = Thrower.StackMark();
            int caught = 0;
            for (int i = 0; i < Iterations; i++)
            {
                try
                {
                    Thrower.Throw(exception);
                }
                catch (InvalidOperationException)
                {
                    caught++;
                }
            }
            ulong after = Thrower.StackMark();
            return Expect(caught == Iterations, "caught " + caught.ToString() + " of " + Iterations.ToString())
                ?? Expect(after == before, "stack moved by " + ((long)(before - after)).ToString() + " bytes");
        }
    }
}
