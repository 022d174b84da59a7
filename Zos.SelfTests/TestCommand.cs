using Zos.Shell;

namespace Zos.SelfTests
{
    // Runs the in-kernel tests: one line "test <name>: pass" or
    // "test <name>: fail: <why>" each, then "tests: N passed, M failed".
    public sealed class TestCommand : ShellCommand
    {
        public override string Name => "test";
        public override string Usage => "test [name]";
        public override string Summary => "run the in-kernel tests (all, or one by name)";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length > 1) return "test takes at most one name";
            KernelTest[] tests = KernelTestSuite.Create();
            int passed = 0, failed = 0;
            for (int i = 0; i < tests.Length; i++)
            {
                if (arguments.Length == 1 && tests[i].Name != arguments[0]) continue;
                string failure = tests[i].Run();
                if (failure is null) passed++; else failed++;
                output.WriteLine("test " + tests[i].Name + (failure is null ? ": pass" : ": fail: " + failure));
            }
            if (passed + failed == 0) return "no test named '" + arguments[0] + "'";
            output.WriteLine("tests: " + passed.ToString() + " passed, " + failed.ToString() + " failed");
            return null;
        }
    }
}
