namespace System.Threading
{
    public class SynchronizationLockException : SystemException
    {
        public SynchronizationLockException() { }
        public SynchronizationLockException(string message) : base(message) { }
        public SynchronizationLockException(string message, Exception innerException) : base(message, innerException) { }
    }
}
