namespace Zos.Hal.Capabilities.Granting
{
    // Told of every violation, on the violating thread, after it was logged and
    // before anything else happens. The kernel's handler stops the using domain
    // and does not return; if a handler returns, the access throws
    // CapabilityViolationException, so it still never reaches the hardware.
    public abstract class CapabilityViolationHandler
    {
        public abstract void OnViolation(CapabilityEvent violation);
    }
}
