namespace Zos.Runtime
{
    // An exception whose dispatch is under way or whose catch block is running,
    // linked innermost first. It lives in the dispatcher's stack frame, so a
    // record deeper than the stack pointer a catch resumes at is finished.
    // ExceptionSlot points at the dispatcher's local holding the exception;
    // Thrower at the registers of the throw (for stack traces of unhandled ones).
    internal unsafe struct DispatchRecord
    {
        public DispatchRecord* Outer;
        public void* ExceptionSlot;
        public Unwinding.RegisterContext* Thrower;
    }
}
