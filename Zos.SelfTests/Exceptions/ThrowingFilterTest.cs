using System;

namespace Zos.SelfTests.Exceptions
{
    // An exception that escapes a filter counts as the filter saying false;
    // the original exception goes on to the next clause.
    public sealed class ThrowingFilterTest : KernelTest
    {
        public override string Name => "exceptions.throwing_filter";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                try
                {
                    Thrower.Throw(new FormatException());
                }
                catch (FormatException) when (Explode(log))
                {
                    log.Add("wrong-catch");
                }
            }
            catch (FormatException)
            {
                log.Add("catch");
            }
            catch (Exception)
            {
                log.Add("filter-exception-escaped");
            }
            return log.Expect("filter,catch");
        }

        private static bool Explode(ExecutionLog log)
        {
            log.Add("filter");
            Thrower.Throw(new InvalidOperationException("from a filter"));
            return true;
        }
    }
}
