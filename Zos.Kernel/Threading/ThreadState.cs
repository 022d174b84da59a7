namespace Zos.Kernel.Threading
{
    public enum ThreadState
    {
        Ready,
        Running,
        Blocked,
        Sleeping,
        Dead,
    }
}
