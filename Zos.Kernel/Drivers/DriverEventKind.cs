namespace Zos.Kernel.Drivers
{
    // What a driver thread tells the supervisor thread about its incarnation.
    public enum DriverEventKind
    {
        Initializing,
        CapabilitiesGranted,
        CapabilitiesDenied,
        Probing,
        Running,
    }
}
