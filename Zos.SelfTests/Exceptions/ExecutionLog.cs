namespace Zos.SelfTests.Exceptions
{
    // Records which blocks ran, in order, as a short string the tests compare
    // with the order C# specifies ("try,finally,after").
    public sealed class ExecutionLog
    {
        private string _text = "";

        public void Add(string step) => _text = _text.Length == 0 ? step : _text + "," + step;

        // For use inside `when` filters: records the step and passes the verdict on.
        public bool AddAndReturn(string step, bool verdict)
        {
            Add(step);
            return verdict;
        }

        public string Text => _text;

        public string Expect(string expected) => _text == expected ? null : "ran " + _text + ", expected " + expected;
    }
}
