namespace Zos.Hal.Drivers.Input
{
    // The keyboard protocol's one request: "answer with the next keystroke".
    // The client keeps a few in flight; the driver answers the oldest with
    // each key pressed, in order, and answers one it has held for
    // KeyboardProtocol.IdleAnswerMilliseconds without a key (so every read
    // is answered well within its deadline while the driver is alive, and a
    // stalled driver is caught even when nobody types).
    public struct KeyboardRequest
    {
        public int Tag;
    }
}
