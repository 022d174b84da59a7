namespace Zos.SelfTests
{
    public sealed class StaticInitializationTest : KernelTest
    {
        private static readonly int[] s_primes = { 2, 3, 5, 7, 11 };
        private static readonly string s_greeting = "hello";
        private static readonly object s_computed = Compute();
        private static int s_counter;

        public override string Name => "runtime.static_initialization";

        private static object Compute() => new int[] { s_primes.Length * 10 };

        public override string Run()
        {
            s_counter++;
            int sum = 0;
            for (int i = 0; i < s_primes.Length; i++) sum += s_primes[i];
            return Expect(sum == 28, "static array sum was " + sum.ToString())
                ?? Expect(s_greeting.Length == 5, "static string lost")
                ?? Expect(s_computed is int[] c && c[0] == 50, "static computed by a method lost")
                ?? Expect(s_counter >= 1, "static counter not written");
        }
    }
}
