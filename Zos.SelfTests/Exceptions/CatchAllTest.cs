namespace Zos.SelfTests.Exceptions
{
    // `catch { }` without a type catches anything.
    public sealed class CatchAllTest : KernelTest
    {
        private sealed class Unusual : System.Exception { }

        public override string Name => "exceptions.catch_all";

        public override string Run()
        {
            var log = new ExecutionLog();
            try
            {
                log.Add("try");
                Thrower.Throw(new Unusual());
                log.Add("after-throw");
            }
            catch
            {
                log.Add("catch");
            }
            log.Add("after");
            return log.Expect("try,catch,after");
        }
    }
}
