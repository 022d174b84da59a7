namespace Zos.Tests.Host.VirtIO;

// What the simulated device does wrong at its next completion.
public enum DeviceMisbehaviour
{
    None,
    // Writes a used idx 300 ahead of the one entry it adds.
    UsedIndexJump,
    // Names an id that is no chain in flight (UnknownId, 77 by default).
    UnknownId,
    // Completes the same chain twice.
    DuplicateCompletion,
    // Reports more bytes written (LengthReported, 9000 by default) than the chain can take.
    LengthBeyondBuffer,
    // Scribbles a loop into the driver's descriptor table (the head's next names
    // itself), then completes normally.
    DescriptorLoop,
}
