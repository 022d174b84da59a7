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
            new ExactGenericVirtualCallTest(),
            new StructGenericsTest(),
            new SpanTest(),
            new HeapStressTest(),
            new FrameAllocatorStressTest(),
            new AcpiBiosScanTest(),
            new IdentityMapBoundsTest(),
            new CapabilityHardwareTest(),
            new Pci.EduMsiTest(),
            new Threading.PreemptionTest(),
            new Threading.SleepJoinTest(),
            new Threading.IrqWakesThreadTest(),
            new Threading.MutexTest(),
            new Threading.SemaphoreEventTest(),
            new Threading.TimerTest(),
            new Threading.ExceptionsPerThreadTest(),
            new Threading.LockStatementTest(),
            new Threading.ClassConstructorAcrossThreadsTest(),
            new Threading.ThreadStaticsTest(),
            new Threading.ThreadStaticInitialiserTest(),
            new Exceptions.TypedCatchTest(),
            new Exceptions.BaseTypeCatchTest(),
            new Exceptions.CatchAllTest(),
            new Exceptions.FinallyOnNormalExitTest(),
            new Exceptions.FinallyOnExceptionTest(),
            new Exceptions.FilterTest(),
            new Exceptions.ThrowingFilterTest(),
            new Exceptions.RethrowTest(),
            new Exceptions.SeveralFramesTest(),
            new Exceptions.NestedTryInCatchTest(),
            new Exceptions.ExceptionInFinallyTest(),
            new Exceptions.CatchInLoopTest(),
            new Exceptions.FinallyReleasesLockTest(),
            new Exceptions.RuntimeThrownTest(),
            new GcCollectTest(),
            new GcSoakTest(),
            new Drivers.SupervisorPolicyTest(),
            new VirtIO.SplitVirtqueueTest(),
        ];
    }
}
