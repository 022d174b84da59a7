using System;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // C# semantics of a [ThreadStatic] field initialiser: it is part of the static
    // constructor, which runs once, so only the thread that ran the constructor
    // sees the initialised values; every other thread sees defaults.
    public sealed class ThreadStaticInitialiserTest : KernelTest
    {
        public override string Name => "threads.thread_static_initialiser";

        private static class Initialised
        {
            [ThreadStatic] public static int Number = 42;
            [ThreadStatic] public static string Label = "from the constructor";
            public static int ConstructorRuns;

            static Initialised() => ConstructorRuns++;
        }

        private sealed class Reader
        {
            public int Number = -1;
            public string Label = "not read";

            public void Run()
            {
                Number = Initialised.Number;
                Label = Initialised.Label;
                Initialised.Number = 5;
            }
        }

        public override string Run()
        {
            // The test thread (the shell's) triggers the constructor the first time the suite runs.
            int number = Initialised.Number;
            string label = Initialised.Label;
            var reader = new Reader();
            KernelThread other = Scheduler.Start("tls-init", reader.Run, ThreadPriority.Normal, null, out string error);
            if (other is null) return error;
            bool joined = other.Join(2000);
            return Expect(joined, "the other thread did not finish")
                ?? Expect(Initialised.ConstructorRuns == 1, "the constructor ran " + Initialised.ConstructorRuns.ToString() + " times")
                ?? Expect(number == 42 && label == "from the constructor",
                    "the constructing thread sees " + number.ToString() + ", '" + label + "'")
                ?? Expect(reader.Number == 0 && reader.Label is null,
                    "another thread sees " + reader.Number.ToString() + ", '" + reader.Label + "' instead of defaults")
                ?? Expect(Initialised.Number == 42, "the other thread's write reached this thread: " + Initialised.Number.ToString());
        }
    }
}
