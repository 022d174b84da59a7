namespace Zos.SelfTests
{
    // The formatting panic reports and shell commands rely on: hex, widths, alignment, padding.
    public sealed class DiagnosticFormattingTest : KernelTest
    {
        public override string Name => "runtime.diagnostic_formatting";

        public override string Run()
        {
            ulong address = 0xFFFF_8000_0010_2000;
            uint small = 0x1F;
            int count = 42;
            long negative = -9_000_000_000;
            string row = $"|{"rip",-6}|{count,5}|{count,-5}|";
            string hex = $"0x{address:x16} 0x{small:X8} {small:x} {(byte)0xA,2:X2}";
            string mixed = $"{negative} {count:D6} {'c'} {true}";
            return Expect(row == "|rip   |   42|42   |", "alignment gave " + row)
                ?? Expect(hex == "0xffff800000102000 0x0000001F 1f 0A", "hex gave " + hex)
                ?? Expect(mixed == "-9000000000 000042 c True", "mixed gave " + mixed)
                ?? Expect("7".PadLeft(3, '0') == "007" && "ab".PadRight(4, '.') == "ab..", "padding failed")
                ?? Expect($"{1.5}" == "1.500" && $"{-0.25f}" == "-0.250", "floating point gave " + $"{1.5} {-0.25f}");
        }
    }
}
