namespace Zos.Kernel.Threading
{
    // A FIFO of threads linked through KernelThread.QueueNext. A thread is in at
    // most one queue at a time: a run queue or one wait queue. Callers hold
    // interrupts disabled.
    public sealed class ThreadQueue
    {
        private KernelThread _head, _tail;

        public bool IsEmpty => _head is null;

        public KernelThread Peek() => _head;

        public void Enqueue(KernelThread thread)
        {
            thread.QueueNext = null;
            thread.Queue = this;
            if (_tail is null) _head = thread;
            else _tail.QueueNext = thread;
            _tail = thread;
        }

        public KernelThread Dequeue()
        {
            KernelThread thread = _head;
            if (thread is null) return null;
            _head = thread.QueueNext;
            if (_head is null) _tail = null;
            thread.QueueNext = null;
            thread.Queue = null;
            return thread;
        }

        public bool Remove(KernelThread thread)
        {
            KernelThread previous = null;
            for (KernelThread t = _head; t is not null; previous = t, t = t.QueueNext)
            {
                if (t != thread) continue;
                if (previous is null) _head = t.QueueNext;
                else previous.QueueNext = t.QueueNext;
                if (_tail == t) _tail = previous;
                t.QueueNext = null;
                t.Queue = null;
                return true;
            }
            return false;
        }
    }
}
