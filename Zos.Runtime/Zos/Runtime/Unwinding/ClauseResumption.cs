namespace Zos.Runtime.Unwinding
{
    // When an exception leaves a catch or finally funclet, the search goes on in
    // the funclet's parent frame after the clause that was running: clauses up to
    // and including it are skipped, and so are the clauses that share its try block
    // (ilc separates distinct try blocks with equal ranges by an empty marker clause).
    internal struct ClauseResumption
    {
        public const uint None = uint.MaxValue;

        private uint _resumeAfter;
        private uint _lastTryStart;
        private uint _lastTryEnd;

        public ClauseResumption(uint resumeAfter)
        {
            _resumeAfter = resumeAfter;
            _lastTryStart = 0;
            _lastTryEnd = 0;
        }

        // Call for every clause in order; true if the clause is not to be considered.
        public bool Skips(uint index, in EHClause clause)
        {
            if (_resumeAfter == None) return false;
            if (index <= _resumeAfter)
            {
                _lastTryStart = clause.TryStart;
                _lastTryEnd = clause.TryEnd;
                return true;
            }
            if (clause.TryStart == _lastTryStart && clause.TryEnd == _lastTryEnd) return true;
            _resumeAfter = None;
            return false;
        }
    }
}
