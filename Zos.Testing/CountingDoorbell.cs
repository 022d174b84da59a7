using Zos.Hal.Drivers;

namespace Zos.Testing;

// A doorbell for single-threaded tests: counts rings; Wait says whether it was rung since the last Wait.
public sealed class CountingDoorbell : Doorbell
{
    private int _pending;
    public int Rings { get; private set; }

    public override void Ring()
    {
        Rings++;
        _pending++;
    }

    public override bool Wait(int timeoutMilliseconds)
    {
        bool rung = _pending > 0;
        _pending = 0;
        return rung;
    }
}
