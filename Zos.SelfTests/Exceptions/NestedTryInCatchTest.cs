using System;

namespace Zos.SelfTests.Exceptions
{
    // A try/catch inside a catch block handles its own exception; an exception
    // thrown from a catch block is caught by the enclosing try of the same method.
    public sealed class NestedTryInCatchTest : KernelTest
    {
        public override string Name => "exceptions.nested_try_in_catch";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                try
                {
                    Thrower.Throw(new InvalidOperationException("first"));
                }
                catch (InvalidOperationException first)
                {
                    try
                    {
                        Thrower.Throw(new FormatException("second"));
                    }
                    catch (FormatException second)
                    {
                        log.Add(first.Message + "+" + second.Message);
                    }
                    Thrower.Throw(new ArgumentException("third"));
                }
                catch (ArgumentException)
                {
                    log.Add("sibling-caught-third");
                }
            }
            catch (ArgumentException third)
            {
                log.Add("outer " + third.Message);
            }
            return log.Expect("first+second,outer third");
        }
    }
}
