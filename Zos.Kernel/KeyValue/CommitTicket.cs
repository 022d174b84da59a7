namespace Zos.Kernel.KeyValue
{
    // A writer's batch waiting for group commit, and how it ended. Written
    // only by the committing thread, under the store's commit lock; the writer
    // reads it after taking that lock itself.
    internal sealed class CommitTicket
    {
        public CommitTicket(WriteBatch batch) => Batch = batch;

        public WriteBatch Batch { get; }
        public bool Done { get; private set; }
        public string Error { get; private set; }

        public void Finish(string error)
        {
            Done = true;
            Error = error;
        }
    }
}
