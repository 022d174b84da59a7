using Zos.Hal;

namespace Zos.Kernel.KeyValue
{
    // Batches that go out in one frame (group commit), and how it ended. The
    // first writer to join leads it: it holds Gate from the moment it creates
    // the group until the frame is written and flushed, so the others wait by
    // taking Gate (a monitor: what the corlib offers in the kernel and on the
    // host alike, without Monitor.Wait) and wake together when it is released.
    internal sealed class CommitGroup
    {
        public readonly object Gate = new object();
        public readonly GrowableArray<WriteBatch> Batches = new GrowableArray<WriteBatch>();
        public long Bytes;
        public int Records;
        public bool HasPuts;
        // Set by the leader before it releases Gate.
        public bool Done;
        public string Error;

        public void Add(WriteBatch batch)
        {
            Batches.Add(batch);
            Bytes += batch.EncodedBytes;
            Records += batch.Count;
            for (int i = 0; i < batch.Count && !HasPuts; i++) HasPuts = !batch.IsDelete(i);
        }

        // Whether a batch of that size may still join: one flush should cover
        // many writers, but a frame must not grow without bound.
        public bool Takes(long batchBytes) =>
            Bytes < KeyValueLimits.GroupTargetBytes && Bytes + batchBytes <= KeyValueLimits.MaxFramePayloadBytes;
    }
}
