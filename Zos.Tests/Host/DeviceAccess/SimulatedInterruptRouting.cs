using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Kernel.DeviceAccess;
using Zos.Kernel.Supervision;
using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.DeviceAccess;

// Interrupt routing for host tests: lines and message vectors are simulated
// signals, vectors handed out from 0x70 up to a limit the test sets.
public sealed class SimulatedInterruptRouting : InterruptRouting
{
    public const byte ApicId = 3;
    public const int FirstVector = 0x70;

    private int _nextVector = FirstVector;

    public bool Messages { get; set; } = true;
    public int VectorsLeft { get; set; } = 16;
    // Every signal made, in order.
    public List<SimulatedIrqSignal> Signals { get; } = new();

    public override bool DeliversMessages => Messages;
    public override byte DestinationApicId => ApicId;

    public override IrqSignal Line(byte interruptLine) => Made(new SimulatedIrqSignal(interruptLine));

    public override IrqSignal? Message(IrqMode mode, int entry, out string? problem)
    {
        problem = null;
        if (VectorsLeft == 0)
        {
            problem = "no message vector is free";
            return null;
        }
        VectorsLeft--;
        return Made(new SimulatedIrqSignal(_nextVector++, mode, entry));
    }

    private SimulatedIrqSignal Made(SimulatedIrqSignal signal)
    {
        Signals.Add(signal);
        return signal;
    }
}
