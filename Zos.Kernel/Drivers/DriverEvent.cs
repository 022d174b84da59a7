namespace Zos.Kernel.Drivers
{
    // One lifecycle report, queued by a driver thread for the supervisor thread.
    public readonly struct DriverEvent
    {
        public DriverEvent(DriverEventKind kind, DriverIncarnation incarnation, string text)
        {
            Kind = kind;
            Incarnation = incarnation;
            Text = text;
        }

        public DriverEventKind Kind { get; }
        public DriverIncarnation Incarnation { get; }
        // The reason, for CapabilitiesDenied.
        public string Text { get; }
    }
}
