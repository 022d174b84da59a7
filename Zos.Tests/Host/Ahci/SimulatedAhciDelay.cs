using Zos.Drivers;
using Zos.Drivers.Ahci;

namespace Zos.Tests.Host.Ahci;

// The engine's waits, in simulated time: each pause moves the HBA's clock,
// so engines finish stopping and links come up without the test sleeping.
public sealed class SimulatedAhciDelay(SimulatedAhciHba hba) : IDeviceDelay
{
    public long TotalMilliseconds { get; private set; }
    public int Pauses { get; private set; }

    public void Pause(int milliseconds)
    {
        Assert.That(milliseconds, Is.GreaterThan(0), "a pause lets time pass");
        Pauses++;
        TotalMilliseconds += milliseconds;
        hba.Advance(milliseconds);
    }
}
