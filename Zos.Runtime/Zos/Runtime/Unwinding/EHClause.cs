namespace Zos.Runtime.Unwinding
{
    // NativeAOT's clause kinds; C# finally blocks are emitted as Fault clauses
    // (the compiled code calls them itself on the normal path).
    internal enum EHClauseKind : byte
    {
        Typed = 0,
        Fault = 1,
        Filter = 2,
    }

    // One EH clause; offsets are from the main function's start, including
    // for try blocks that lie inside funclets.
    internal unsafe struct EHClause
    {
        public EHClauseKind Kind;
        public uint TryStart;
        public uint TryEnd;
        public uint HandlerOffset;
        public uint FilterOffset;
        public void* CatchType;     // the MethodTable a Typed clause catches

        public bool Covers(uint codeOffset) => codeOffset >= TryStart && codeOffset < TryEnd;
    }
}
