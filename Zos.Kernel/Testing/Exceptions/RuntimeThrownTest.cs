using System;
using System.Runtime.CompilerServices;

namespace Zos.Kernel.Testing.Exceptions
{
    // Exceptions raised by the runtime's own helpers (casts, bounds checks,
    // checked arithmetic, `throw null`) are ordinary exceptions C# can catch.
    public sealed class RuntimeThrownTest : KernelTest
    {
        private static object s_boxed = 42;
        private static int[] s_array = new int[3];
        private static int s_large = int.MaxValue;
        private static Exception s_nothing;

        public override string Name => "exceptions.runtime_thrown";

        public override string Run()
        {
            var log = new ExecutionLog();
            try { log.Add(FailedCast().Length.ToString()); }
            catch (InvalidCastException) { log.Add("cast"); }
            try { log.Add(OutOfBounds(3).ToString()); }
            catch (IndexOutOfRangeException) { log.Add("index"); }
            try { log.Add(Overflow(1).ToString()); }
            catch (OverflowException) { log.Add("overflow"); }
            try { ThrowNull(); }
            catch (NullReferenceException) { log.Add("null"); }
            return log.Expect("cast,index,overflow,null");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string FailedCast() => (string)s_boxed;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int OutOfBounds(int index) => s_array[index];

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Overflow(int increment) => checked(s_large + increment);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowNull() => throw s_nothing;
    }
}
