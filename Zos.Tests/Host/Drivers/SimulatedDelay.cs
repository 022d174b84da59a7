using Zos.Drivers;

namespace Zos.Tests.Host.Drivers;

// An engine's waits, in simulated time: each pause moves the simulated
// device's clock (advance), so engines stop, resets finish and controllers
// become ready without the test sleeping.
public sealed class SimulatedDelay(Action<int> advance) : IDeviceDelay
{
    public long TotalMilliseconds { get; private set; }
    public int Pauses { get; private set; }

    public void Pause(int milliseconds)
    {
        Assert.That(milliseconds, Is.GreaterThan(0), "a pause lets time pass");
        Pauses++;
        TotalMilliseconds += milliseconds;
        advance(milliseconds);
    }
}
