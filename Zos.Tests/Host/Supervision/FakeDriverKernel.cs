using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

// Stands in for the kernel: logs every spawn and recovery step per driver,
// takes StepNanoseconds of virtual time per step, and fails (or throws in) what a test asks.
public sealed class FakeDriverKernel : IDriverLauncher, IRecoveryActions
{
    private readonly VirtualClock _clock;
    private readonly Dictionary<(string Driver, RecoveryStep Step), string> _stepErrors = new();
    private readonly Dictionary<string, string> _spawnErrors = new();

    public FakeDriverKernel(VirtualClock clock) => _clock = clock;

    public List<string> Log { get; } = new();
    public ulong StepNanoseconds { get; set; }
    public string? StepThatThrows { get; set; }
    public string? SpawnThatThrows { get; set; }

    public void FailStep(string driver, RecoveryStep step, string error) => _stepErrors[(driver, step)] = error;

    public void FailSpawn(string driver, string error) => _spawnErrors[driver] = error;

    public List<string> LogOf(string driver) => Log.Where(line => line.StartsWith(driver + ":")).ToList();

    public string? Spawn(SupervisedDriver driver)
    {
        Log.Add(driver.Name + ": spawn " + driver.Incarnation);
        if (SpawnThatThrows == driver.Name) throw new InvalidOperationException("thread table full");
        return _spawnErrors.GetValueOrDefault(driver.Name);
    }

    public string? StopThreads(SupervisedDriver driver) => Step(driver, RecoveryStep.StopThreads);
    public string? RevokeCapabilities(SupervisedDriver driver) => Step(driver, RecoveryStep.RevokeCapabilities);
    public string? MaskInterrupts(SupervisedDriver driver) => Step(driver, RecoveryStep.MaskInterrupts);
    public string? StopDma(SupervisedDriver driver) => Step(driver, RecoveryStep.StopDma);
    public string? ReclaimMemory(SupervisedDriver driver) => Step(driver, RecoveryStep.ReclaimMemory);

    private string? Step(SupervisedDriver driver, RecoveryStep step)
    {
        Log.Add(driver.Name + ": " + step);
        _clock.Advance(StepNanoseconds);
        if (StepThatThrows == driver.Name + ":" + step) throw new InvalidOperationException("device wedged");
        return _stepErrors.GetValueOrDefault((driver.Name, step));
    }
}
