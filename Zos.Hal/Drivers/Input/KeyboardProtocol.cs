namespace Zos.Hal.Drivers.Input
{
    // The keyboard protocol's timing, shared by drivers and their client.
    public static class KeyboardProtocol
    {
        // A driver answers a read it has held this long without a key.
        public const int IdleAnswerMilliseconds = 500;
        // The client's deadline for each read: a driver that lets it pass is hung.
        public const int ReadDeadlineMilliseconds = 3000;
    }
}
