namespace Zos.SelfTests
{
    public sealed class StringFormattingTest : KernelTest
    {
        public override string Name => "runtime.string_formatting";

        public override string Run()
        {
            int negative = -1234;
            ulong large = 18446744073709551615;
            string interpolated = $"a={negative} b={large} c={255:X4} d={'z'}";
            return Expect(negative.ToString() == "-1234", "int.ToString gave " + negative.ToString())
                ?? Expect(large.ToString() == "18446744073709551615", "ulong.ToString gave " + large.ToString())
                ?? Expect(int.MinValue.ToString() == "-2147483648", "int.MinValue gave " + int.MinValue.ToString())
                ?? Expect(((byte)0xAB).ToString("x") == "ab", "byte hex gave " + ((byte)0xAB).ToString("x"))
                ?? Expect((-1).ToString("X") == "FFFFFFFF", "-1 hex gave " + (-1).ToString("X"))
                ?? Expect(interpolated == "a=-1234 b=18446744073709551615 c=00FF d=z", "interpolation gave " + interpolated)
                ?? Expect(string.Concat("ab", "cd", "ef") == "abcdef", "Concat failed")
                ?? Expect("  trim me ".Trim() == "trim me", "Trim failed")
                ?? Expect("kernel".Substring(2, 3) == "rne", "Substring failed")
                ?? Expect("stop dma now".Replace(' ', '_') == "stop_dma_now" && "none".Replace('x', 'y') == "none", "Replace gave " + "stop dma now".Replace(' ', '_'));
        }
    }
}
