using Zos.Kernel.Threading;

namespace Zos.Kernel.KeyValue
{
    // One turn of every ready thread (Scheduler.Yield): the writers the last
    // frame woke run up to the point where they join the open group.
    public sealed class SchedulerCommitPause : ICommitPause
    {
        public void LetWritersRun() => Scheduler.Yield();
    }
}
