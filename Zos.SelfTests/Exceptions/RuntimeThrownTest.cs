using System;
using System.Runtime.CompilerServices;

namespace Zos.SelfTests.Exceptions
{
    // Exceptions raised by the runtime's own helpers (casts, bounds checks,
    // checked arithmetic, `throw null`) are ordinary exceptions C# can catch.
    // Values arrive as parameters of NoInlining methods: ilc folds casts and
    // checks on statics it can prove constant.
    public sealed class RuntimeThrownTest : KernelTest
    {
        public override string Name => "exceptions.runtime_thrown";

        public override string Run()
        {
            var log = new ExecutionLog();
            try { log.Add(FailedCast(42).Length.ToString()); }
            catch (InvalidCastException) { log.Add("cast"); }
            try { log.Add(OutOfBounds(new int[3], 3).ToString()); }
            catch (IndexOutOfRangeException) { log.Add("index"); }
            try { log.Add(Overflow(int.MaxValue, 1).ToString()); }
            catch (OverflowException) { log.Add("overflow"); }
            try { ThrowNull(null); }
            catch (NullReferenceException) { log.Add("null"); }
            return log.Expect("cast,index,overflow,null");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static string FailedCast(object boxed) => (string)boxed;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int OutOfBounds(int[] array, int index) => array[index];

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Overflow(int value, int increment) => checked(value + increment);

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowNull(Exception nothing) => throw nothing;
    }
}
