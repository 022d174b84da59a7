namespace Zos.Kernel.Hosting
{
    // What a driver's clients speak with it over its channel, told by the
    // channel's request type: what the kernel attaches to each of its
    // instances before starting them.
    public enum DriverProtocol
    {
        // No channel, or one only the shell uses (edu).
        None,
        // The block protocol (Zos.Hal.Drivers.Block): a block service controller, one device per unit.
        Block,
        // The keyboard protocol (Zos.Hal.Drivers.Input): the console takes its keystrokes.
        Keyboard,
    }
}
