using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;

namespace Zos.Tests.Host.Supervision;

public class DriverLifecycleTests
{
    private static readonly (DriverState From, DriverState To)[] Legal =
    [
        (DriverState.Spawned, DriverState.Initializing),
        (DriverState.Spawned, DriverState.Crashed),
        (DriverState.Initializing, DriverState.CapabilityGranted),
        (DriverState.Initializing, DriverState.Failed),
        (DriverState.Initializing, DriverState.Crashed),
        (DriverState.CapabilityGranted, DriverState.Probing),
        (DriverState.CapabilityGranted, DriverState.Crashed),
        (DriverState.Probing, DriverState.Running),
        (DriverState.Probing, DriverState.Crashed),
        (DriverState.Running, DriverState.Crashed),
        (DriverState.Running, DriverState.Exited),
        (DriverState.Crashed, DriverState.Restarting),
        (DriverState.Crashed, DriverState.Failed),
        (DriverState.Exited, DriverState.Restarting),
        (DriverState.Exited, DriverState.Failed),
        (DriverState.Restarting, DriverState.Spawned),
        (DriverState.Restarting, DriverState.Failed),
    ];

    // A shortest legal path from Spawned to each state, to put a lifecycle there.
    private static DriverState[] PathTo(DriverState target) => target switch
    {
        DriverState.Spawned => [],
        DriverState.Initializing => [DriverState.Initializing],
        DriverState.CapabilityGranted => [DriverState.Initializing, DriverState.CapabilityGranted],
        DriverState.Probing => [DriverState.Initializing, DriverState.CapabilityGranted, DriverState.Probing],
        DriverState.Running => [DriverState.Initializing, DriverState.CapabilityGranted, DriverState.Probing, DriverState.Running],
        DriverState.Crashed => [DriverState.Crashed],
        DriverState.Exited => [.. PathTo(DriverState.Running), DriverState.Exited],
        DriverState.Restarting => [DriverState.Crashed, DriverState.Restarting],
        DriverState.Failed => [DriverState.Initializing, DriverState.Failed],
        _ => throw new ArgumentException(target.ToString()),
    };

    private static DriverLifecycle At(DriverState state)
    {
        var lifecycle = new DriverLifecycle("edu", 0);
        ulong time = 0;
        foreach (DriverState step in PathTo(state)) lifecycle.MoveTo(step, ++time);
        Assert.That(lifecycle.State, Is.EqualTo(state));
        return lifecycle;
    }

    private static IEnumerable<DriverState> AllStates => Enum.GetValues<DriverState>();

    [Test]
    public void StartsSpawnedAndLive()
    {
        var lifecycle = new DriverLifecycle("edu", 42);
        Assert.That(lifecycle.State, Is.EqualTo(DriverState.Spawned));
        Assert.That(lifecycle.EnteredAtNanoseconds, Is.EqualTo(42));
        Assert.That(lifecycle.IsLive, Is.True);
    }

    [Test]
    public void EveryLegalTransitionIsAcceptedAndTimestamped()
    {
        foreach (var (from, to) in Legal)
        {
            DriverLifecycle lifecycle = At(from);
            lifecycle.MoveTo(to, 1000);
            Assert.That(lifecycle.State, Is.EqualTo(to), $"{from} -> {to}");
            Assert.That(lifecycle.EnteredAtNanoseconds, Is.EqualTo(1000), $"{from} -> {to}");
        }
    }

    // Each state keeps when it was last entered, across incarnations: a restart's phases.
    [Test]
    public void EachStateRemembersWhenItWasLastEntered()
    {
        var lifecycle = new DriverLifecycle("blk0", 10);
        DriverState[] life = [DriverState.Initializing, DriverState.CapabilityGranted, DriverState.Probing, DriverState.Running,
            DriverState.Crashed, DriverState.Restarting, DriverState.Spawned, DriverState.Initializing];
        for (int i = 0; i < life.Length; i++) lifecycle.MoveTo(life[i], 100 + (ulong)i);

        Assert.That(lifecycle.LastEnteredAtNanoseconds(DriverState.Spawned), Is.EqualTo(106), "the respawn, not the first spawn");
        Assert.That(lifecycle.LastEnteredAtNanoseconds(DriverState.Initializing), Is.EqualTo(107));
        Assert.That(lifecycle.LastEnteredAtNanoseconds(DriverState.Running), Is.EqualTo(103), "the last time it ran");
        Assert.That(lifecycle.LastEnteredAtNanoseconds(DriverState.Exited), Is.EqualTo(0), "never");
    }

    [Test]
    public void EveryOtherTransitionIsRejectedWithBothStatesNamedAndStateUnchanged()
    {
        int rejected = 0;
        foreach (DriverState from in AllStates)
        foreach (DriverState to in AllStates)
        {
            if (Legal.Contains((from, to))) continue;
            Assert.That(DriverLifecycle.IsAllowed(from, to), Is.False, $"{from} -> {to}");
            DriverLifecycle lifecycle = At(from);
            ulong entered = lifecycle.EnteredAtNanoseconds;
            var error = Assert.Throws<DriverLifecycleException>(() => lifecycle.MoveTo(to, 5000))!;
            Assert.That(error.Message, Does.Contain("driver edu: " + from + " -> " + to + " is not a lifecycle transition"));
            Assert.That(lifecycle.State, Is.EqualTo(from));
            Assert.That(lifecycle.EnteredAtNanoseconds, Is.EqualTo(entered));
            rejected++;
        }
        Assert.That(rejected, Is.EqualTo(9 * 9 - Legal.Length));
    }

    // Crashed's list ends with Failed, the last state: the search must reach it.
    [TestCase(DriverState.Running, "Crashed, Exited")]
    [TestCase(DriverState.Crashed, "Restarting, Failed")]
    public void RejectionListsTheLegalSuccessors(DriverState from, string successors)
    {
        var error = Assert.Throws<DriverLifecycleException>(() => At(from).MoveTo(DriverState.Probing, 1))!;
        Assert.That(error.Message, Does.EndWith("(from " + from + ": " + successors + ")"));
    }

    [Test]
    public void FailedIsTerminal()
    {
        foreach (DriverState to in AllStates) Assert.That(DriverLifecycle.IsAllowed(DriverState.Failed, to), Is.False, to.ToString());
        var error = Assert.Throws<DriverLifecycleException>(() => At(DriverState.Failed).MoveTo(DriverState.Restarting, 1))!;
        Assert.That(error.Message, Does.Contain("none, it is terminal"));
    }

    [Test]
    public void OnlySpawnedThroughRunningAreLive()
    {
        DriverState[] live = [DriverState.Spawned, DriverState.Initializing, DriverState.CapabilityGranted, DriverState.Probing, DriverState.Running];
        foreach (DriverState state in AllStates)
            Assert.That(DriverLifecycle.IsLiveState(state), Is.EqualTo(live.Contains(state)), state.ToString());
    }

    [Test]
    public void NamesMatchTheEnumWithoutReflection()
    {
        foreach (DriverState state in AllStates) Assert.That(DriverLifecycle.Name(state), Is.EqualTo(state.ToString()));
    }

    [Test]
    public void AStateOutsideTheEnumIsNamedByItsNumber()
    {
        Assert.That(DriverLifecycle.Name((DriverState)42), Is.EqualTo("state 42"));
    }

    [Test]
    public void FullCycleBackToSpawned()
    {
        DriverLifecycle lifecycle = At(DriverState.Running);
        foreach (DriverState next in new[] { DriverState.Crashed, DriverState.Restarting, DriverState.Spawned, DriverState.Initializing })
            lifecycle.MoveTo(next, 9);
        Assert.That(lifecycle.State, Is.EqualTo(DriverState.Initializing));
    }
}
