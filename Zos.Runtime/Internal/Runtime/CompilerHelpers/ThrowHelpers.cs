using System;

namespace Internal.Runtime.CompilerHelpers
{
    // Throw sites ilc-generated code calls by name.
    internal static class ThrowHelpers
    {
        public static void ThrowOverflowException() => throw new OverflowException();
        public static void ThrowIndexOutOfRangeException() => throw new IndexOutOfRangeException();
        public static void ThrowNullReferenceException() => throw new NullReferenceException();
        public static void ThrowDivideByZeroException() => throw new DivideByZeroException();
        public static void ThrowArgumentOutOfRangeException() => throw new ArgumentOutOfRangeException();
        public static void ThrowArgumentException() => throw new ArgumentException();
        public static void ThrowPlatformNotSupportedException() => throw new PlatformNotSupportedException();
        public static void ThrowNotImplementedException() => throw new NotImplementedException();
        public static void ThrowArrayTypeMismatchException() => throw new ArrayTypeMismatchException();
        public static void ThrowInvalidProgramException() => throw new InvalidProgramException();
        // Where ilc could not bind a member the IL names (the corlib lacks it). The
        // build fails on ilc's warning naming it first, so these never run.
        public static void ThrowMissingMethodException(int id, string methodName) => throw new NotSupportedException("missing method " + methodName);
        public static void ThrowMissingFieldException(int id, string fieldName) => throw new NotSupportedException("missing field " + fieldName);
        public static void ThrowFeatureBodyRemoved() => throw new NotSupportedException("This code was removed by the compiler.");
    }
}
