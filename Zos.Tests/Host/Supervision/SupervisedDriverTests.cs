using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class SupervisedDriverTests
{
    private const ulong Ms = VirtualClock.Millisecond;

    private static SupervisedDriver Created(ulong atMs)
    {
        var kernel = new FakeDriverKernel(new VirtualClock());
        return new SupervisedDriver("edu", RestartPolicy.OnFailure(), 0, kernel, kernel, atMs * Ms);
    }

    private static CrashRecord Crash(int number) => new(CrashCause.ManagedFault, "null dereference", "crash " + number, null!, (ulong)number);

    [Test]
    public void ADriverThatNeverCrashedHasNoLastCrashAndAnEmptyHistory()
    {
        SupervisedDriver driver = Created(1000);
        Assert.That(driver.LastCrash, Is.Null);
        Assert.That(driver.CrashHistory(), Is.Empty);
    }

    [Test]
    public void FewerCrashesThanKeptAreAllInTheHistoryOldestFirst()
    {
        SupervisedDriver driver = Created(1000);
        for (int i = 0; i < 3; i++) driver.RecordCrash(Crash(i));
        Assert.That(driver.CrashHistory().Select(c => c.Message), Is.EqualTo(new[] { "crash 0", "crash 1", "crash 2" }));
        Assert.That(driver.LastCrash!.Message, Is.EqualTo("crash 2"));
    }

    [Test]
    public void UptimeCountsOnlyWhileRunning()
    {
        SupervisedDriver driver = Created(1000);
        driver.Lifecycle.MoveTo(DriverState.Initializing, 1010 * Ms);
        driver.Lifecycle.MoveTo(DriverState.CapabilityGranted, 1020 * Ms);
        driver.Lifecycle.MoveTo(DriverState.Probing, 1030 * Ms);
        Assert.That(driver.Uptime(1500 * Ms), Is.Zero, "probing is no uptime");
        driver.Lifecycle.MoveTo(DriverState.Running, 1500 * Ms);
        Assert.That(driver.Uptime(1800 * Ms), Is.EqualTo(300 * Ms));
        driver.Lifecycle.MoveTo(DriverState.Crashed, 1900 * Ms);
        Assert.That(driver.Uptime(2000 * Ms), Is.Zero);
    }

    [Test]
    public void RestartLatencyBeforeAnyRestartAveragesZero()
    {
        Assert.That(new RestartLatency().AverageNanoseconds, Is.Zero);
    }
}
