using System;

namespace Zos.SelfTests.Exceptions
{
    // A catch of a base class catches derived exceptions; clauses that do not
    // match are passed over in order.
    public sealed class BaseTypeCatchTest : KernelTest
    {
        public override string Name => "exceptions.base_type_catch";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                Thrower.Throw(new ArgumentNullException("p"));
            }
            catch (FormatException)
            {
                log.Add("format");
            }
            catch (ArgumentException e) when (e is ArgumentNullException)
            {
                log.Add("argument");
            }
            catch (Exception)
            {
                log.Add("exception");
            }

            try
            {
                Thrower.Throw(new OverflowException());
            }
            catch (ArgumentException)
            {
                log.Add("argument");
            }
            catch (ArithmeticException)
            {
                log.Add("arithmetic");
            }
            return log.Expect("argument,arithmetic");
        }
    }
}
