namespace Zos.Kernel.KeyValue
{
    // How a group commit's leader lets other writers run before it closes its
    // group (KeyValueStore.CommitPause): the kernel yields the CPU
    // (SchedulerCommitPause); the host's threads need nothing.
    public interface ICommitPause
    {
        void LetWritersRun();
    }
}
