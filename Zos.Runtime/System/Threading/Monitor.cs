using Zos.Runtime;

namespace System.Threading
{
    // What C#'s `lock (obj)` compiles to: Enter(obj, ref taken) ... Exit(obj).
    // Recursive per thread; a contended Enter blocks in the kernel (see MonitorTable).
    public static class Monitor
    {
        public static void Enter(object obj)
        {
            bool taken = false;
            Enter(obj, ref taken);
        }

        public static void Enter(object obj, ref bool lockTaken)
        {
            if (lockTaken) throw new ArgumentException("lockTaken must be false on entry");
            MonitorTable.Enter(obj ?? throw new ArgumentNullException("obj"), -1);
            lockTaken = true;
        }

        public static bool TryEnter(object obj) => TryEnter(obj, 0);

        public static bool TryEnter(object obj, int millisecondsTimeout)
        {
            if (millisecondsTimeout < -1) throw new ArgumentOutOfRangeException("millisecondsTimeout");
            return MonitorTable.Enter(obj ?? throw new ArgumentNullException("obj"), millisecondsTimeout);
        }

        public static void Exit(object obj)
        {
            if (!MonitorTable.Exit(obj ?? throw new ArgumentNullException("obj")))
                throw new SynchronizationLockException("the calling thread does not hold the lock on this object");
        }

        public static bool IsEntered(object obj) => MonitorTable.IsHeldByCurrentThread(obj ?? throw new ArgumentNullException("obj"));
    }
}
