namespace Zos.SelfTests
{
    // A test that runs inside the booted kernel. The shell's `test` command runs
    // them and prints one parseable line each; Zos.Tests turns every line into
    // its own NUnit result. Run returns null on success, else what went wrong.
    public abstract class KernelTest
    {
        public abstract string Name { get; }

        public abstract string Run();

        protected static string Expect(bool condition, string failure) => condition ? null : failure;
    }
}
