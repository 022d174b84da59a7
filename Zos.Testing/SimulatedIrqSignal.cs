using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;

namespace Zos.Testing;

// An interrupt raised by the test; Wait never blocks (single-threaded tests).
// number: the line, or the vector of a message.
public sealed class SimulatedIrqSignal(int number, IrqMode mode = IrqMode.Line, int entry = 0) : IrqSignal(mode, number, entry)
{
    private bool _pending;

    public int Waits { get; private set; }
    public int Acknowledgements { get; private set; }
    public bool Connected { get; private set; }
    // Runs inside Wait, as another thread would while the driver blocks.
    public Action? DuringWait { get; set; }

    public void Raise() => _pending = true;

    public override bool Wait(int timeoutMilliseconds)
    {
        Waits++;
        DuringWait?.Invoke();
        bool fired = _pending && Connected;
        _pending = false;
        return fired;
    }

    public override void Acknowledge() => Acknowledgements++;

    public override string? Connect()
    {
        Connected = true;
        _pending = false;
        return null;
    }

    public override void Disconnect() => Connected = false;
}
