using Zos.Hal.Timing;
using Zos.Kernel.Threading;

namespace Zos.Shell.Commands
{
    public sealed class ThreadsCommand : ShellCommand
    {
        public override string Name => "threads";
        public override string Usage => "threads";
        public override string Summary => "threads: state, priority, cpu time, domain";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            KernelThread[] threads = Scheduler.Threads();
            ulong ticksPerMs = TimestampClock.TicksPerSecond / 1000;
            for (int i = 0; i < threads.Length; i++)
            {
                KernelThread t = threads[i];
                output.WriteLine("thread " + t.Id.ToString() + " name=" + t.Name + " state=" + StateName(t.State)
                    + " priority=" + PriorityName(t.Priority) + " cpu_ms=" + (ticksPerMs == 0 ? 0 : t.CpuTicks / ticksPerMs).ToString()
                    + " switches=" + t.ContextSwitches.ToString() + " domain=" + (t.Domain is null ? "-" : t.Domain.Name));
            }
            output.WriteLine("context_switches: " + Scheduler.ContextSwitches.ToString());
            return null;
        }

        private static string StateName(ThreadState state) => state switch
        {
            ThreadState.Ready => "ready",
            ThreadState.Running => "running",
            ThreadState.Blocked => "blocked",
            ThreadState.Sleeping => "sleeping",
            _ => "dead",
        };

        private static string PriorityName(ThreadPriority priority) => priority switch
        {
            ThreadPriority.High => "high",
            ThreadPriority.Normal => "normal",
            _ => "low",
        };
    }
}
