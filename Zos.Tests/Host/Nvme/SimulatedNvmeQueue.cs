namespace Zos.Tests.Host.Nvme;

// One queue of the simulated controller: where its ring is, how many entries,
// the controller's end of it (a submission queue's head, a completion queue's
// tail and phase) and the host's end as the doorbells last said.
public sealed class SimulatedNvmeQueue(int id, ulong ring, int entries)
{
    public int Id { get; } = id;
    public ulong Ring { get; } = ring;
    public int Entries { get; } = entries;
    // A submission queue: the completion queue it posts to.
    public int CompletionQueueId { get; init; }
    // A completion queue: its interrupt (IEN) and MSI-X vector (IV).
    public bool InterruptsEnabled { get; init; }
    public int Vector { get; init; }
    // Submission: head = next to fetch, tail = the doorbell. Completion: tail = next to post, head = the doorbell.
    public int Head { get; set; }
    public int Tail { get; set; }
    // 4.6.2: the phase tag of the current pass, 1 on the first.
    public int Phase { get; set; } = 1;
    // Completions waiting for room in a full completion queue (4.6.1: the controller waits).
    public Queue<(SimulatedNvmeCommand Command, uint Result, ushort Status)> Waiting { get; } = new();

    public bool Full => (Tail + 1) % Entries == Head;
}
