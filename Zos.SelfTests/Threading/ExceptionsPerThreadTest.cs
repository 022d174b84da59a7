using System;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // Two threads each inside a catch block, switching back and forth before
    // `throw;`: each must rethrow its own exception, so the runtime's chain of
    // exceptions in flight has to be per thread.
    public sealed class ExceptionsPerThreadTest : KernelTest
    {
        public override string Name => "threads.exceptions_per_thread";

        private sealed class Thrower
        {
            private readonly string _tag;

            public Thrower(string tag) => _tag = tag;

            public string Rethrown;

            public void Run()
            {
                try
                {
                    try
                    {
                        throw new InvalidOperationException(_tag);
                    }
                    catch (InvalidOperationException)
                    {
                        for (int i = 0; i < 5; i++) Scheduler.Yield();
                        throw;
                    }
                }
                catch (InvalidOperationException e)
                {
                    Rethrown = e.Message;
                }
            }
        }

        public override string Run()
        {
            var first = new Thrower("first");
            var second = new Thrower("second");
            KernelThread a = Scheduler.Start("throw-a", first.Run, ThreadPriority.Normal, null, out string error);
            KernelThread b = a is null ? null : Scheduler.Start("throw-b", second.Run, ThreadPriority.Normal, null, out error);
            if (b is null) return error;
            bool joined = a.Join(2000) && b.Join(2000);
            return Expect(joined, "the throwing threads did not finish")
                ?? Expect(first.Rethrown == "first", "thread a rethrew '" + first.Rethrown + "'")
                ?? Expect(second.Rethrown == "second", "thread b rethrew '" + second.Rethrown + "'");
        }
    }
}
