using Zos.Hal.Capabilities.Granting;

namespace Zos.Tests.Host.Capabilities;

// An interrupt line raised by the test; Wait never blocks (single-threaded tests).
public sealed class SimulatedIrqSignal(int line) : IrqSignal
{
    private bool _pending;

    public int Waits { get; private set; }
    public int Acknowledgements { get; private set; }
    // Runs inside Wait, as another thread would while the driver blocks.
    public Action? DuringWait { get; set; }

    public override int Line => line;

    public void Raise() => _pending = true;

    public override bool Wait(int timeoutMilliseconds)
    {
        Waits++;
        DuringWait?.Invoke();
        bool fired = _pending;
        _pending = false;
        return fired;
    }

    public override void Acknowledge() => Acknowledgements++;
}
