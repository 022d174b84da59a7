namespace System
{
    public class Exception
    {
        private readonly string _message;
        private readonly Exception _innerException;

        public Exception() { }

        public Exception(string message) { _message = message; }

        public Exception(string message, Exception innerException)
        {
            _message = message;
            _innerException = innerException;
        }

        public virtual string Message => _message ?? DefaultMessage;

        public Exception InnerException => _innerException;

        // Zos keeps no reflection metadata, so the type name comes from the class itself.
        private protected virtual string DefaultMessage => "Exception of type 'System.Exception' was thrown.";

        public override string ToString() => Message;
    }
}
