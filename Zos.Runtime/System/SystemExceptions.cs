namespace System
{
    // The standard exception hierarchy, with the BCL's base classes and default messages.
    public class SystemException : Exception
    {
        public SystemException() { }
        public SystemException(string message) : base(message) { }
        public SystemException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "System error.";
    }

    public class ArgumentException : SystemException
    {
        public ArgumentException() { }
        public ArgumentException(string message) : base(message) { }
        public ArgumentException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Value does not fall within the expected range.";
    }

    public class ArgumentNullException : ArgumentException
    {
        public ArgumentNullException() { }
        public ArgumentNullException(string message) : base(message) { }
        public ArgumentNullException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Value cannot be null.";
    }

    public class ArgumentOutOfRangeException : ArgumentException
    {
        public ArgumentOutOfRangeException() { }
        public ArgumentOutOfRangeException(string message) : base(message) { }
        public ArgumentOutOfRangeException(string message, Exception innerException) : base(message, innerException) { }
        public ArgumentOutOfRangeException(string paramName, string message) : base(message) { }
        private protected override string DefaultMessage => "Specified argument was out of the range of valid values.";
    }

    public class ArithmeticException : SystemException
    {
        public ArithmeticException() { }
        public ArithmeticException(string message) : base(message) { }
        public ArithmeticException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Overflow or underflow in the arithmetic operation.";
    }

    public class DivideByZeroException : ArithmeticException
    {
        public DivideByZeroException() { }
        public DivideByZeroException(string message) : base(message) { }
        public DivideByZeroException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Attempted to divide by zero.";
    }

    public class OverflowException : ArithmeticException
    {
        public OverflowException() { }
        public OverflowException(string message) : base(message) { }
        public OverflowException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Arithmetic operation resulted in an overflow.";
    }

    public class ArrayTypeMismatchException : SystemException
    {
        public ArrayTypeMismatchException() { }
        public ArrayTypeMismatchException(string message) : base(message) { }
        public ArrayTypeMismatchException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Attempted to access an element as a type incompatible with the array.";
    }

    public class FormatException : SystemException
    {
        public FormatException() { }
        public FormatException(string message) : base(message) { }
        public FormatException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "One of the identified items was in an invalid format.";
    }

    public class IndexOutOfRangeException : SystemException
    {
        public IndexOutOfRangeException() { }
        public IndexOutOfRangeException(string message) : base(message) { }
        public IndexOutOfRangeException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Index was outside the bounds of the array.";
    }

    public class InvalidCastException : SystemException
    {
        public InvalidCastException() { }
        public InvalidCastException(string message) : base(message) { }
        public InvalidCastException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Specified cast is not valid.";
    }

    public class InvalidOperationException : SystemException
    {
        public InvalidOperationException() { }
        public InvalidOperationException(string message) : base(message) { }
        public InvalidOperationException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Operation is not valid due to the current state of the object.";
    }

    public class InvalidProgramException : SystemException
    {
        public InvalidProgramException() { }
        public InvalidProgramException(string message) : base(message) { }
        public InvalidProgramException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Common Language Runtime detected an invalid program.";
    }

    public class NotImplementedException : SystemException
    {
        public NotImplementedException() { }
        public NotImplementedException(string message) : base(message) { }
        public NotImplementedException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "The method or operation is not implemented.";
    }

    public class NotSupportedException : SystemException
    {
        public NotSupportedException() { }
        public NotSupportedException(string message) : base(message) { }
        public NotSupportedException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Specified method is not supported.";
    }

    public class PlatformNotSupportedException : NotSupportedException
    {
        public PlatformNotSupportedException() { }
        public PlatformNotSupportedException(string message) : base(message) { }
        public PlatformNotSupportedException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Operation is not supported on this platform.";
    }

    public class NullReferenceException : SystemException
    {
        public NullReferenceException() { }
        public NullReferenceException(string message) : base(message) { }
        public NullReferenceException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Object reference not set to an instance of an object.";
    }

    public class OutOfMemoryException : SystemException
    {
        public OutOfMemoryException() { }
        public OutOfMemoryException(string message) : base(message) { }
        public OutOfMemoryException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Insufficient memory to continue the execution of the program.";
    }

    public class TypeLoadException : SystemException
    {
        public TypeLoadException() { }
        public TypeLoadException(string message) : base(message) { }
        public TypeLoadException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Failure has occurred while loading a type.";
    }

    public class MemberAccessException : SystemException
    {
        public MemberAccessException() { }
        public MemberAccessException(string message) : base(message) { }
        public MemberAccessException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Cannot access member.";
    }

    public class MissingMemberException : MemberAccessException
    {
        public MissingMemberException() { }
        public MissingMemberException(string message) : base(message) { }
        public MissingMemberException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Attempted to access a missing member.";
    }

    public class MissingMethodException : MissingMemberException
    {
        public MissingMethodException() { }
        public MissingMethodException(string message) : base(message) { }
        public MissingMethodException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Attempted to access a missing method.";
    }

    public class MissingFieldException : MissingMemberException
    {
        public MissingFieldException() { }
        public MissingFieldException(string message) : base(message) { }
        public MissingFieldException(string message, Exception innerException) : base(message, innerException) { }
        private protected override string DefaultMessage => "Attempted to access a missing field.";
    }
}
