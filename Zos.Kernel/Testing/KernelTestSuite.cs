namespace Zos.Kernel.Testing
{
    // Every kernel test, in the order they run. The host reads the names from
    // here too (without running anything) to create one NUnit case per test.
    public static class KernelTestSuite
    {
        public static KernelTest[] Create() =>
        [
            new StringFormattingTest(),
            new DiagnosticFormattingTest(),
            new StaticInitializationTest(),
            new LazyStaticConstructorTest(),
            new CastingTest(),
            new BoxingTest(),
            new NullableTest(),
            new VirtualDispatchTest(),
            new InterfaceDispatchTest(),
            new DelegateTest(),
            new StructGenericsTest(),
            new SpanTest(),
            new HeapStressTest(),
            new FrameAllocatorStressTest(),
        ];
    }
}
