namespace System.Runtime.CompilerServices
{
    public static class RuntimeHelpers
    {
        // ilc expands array initialisation from a constant field handle itself.
        [Intrinsic]
        public static void InitializeArray(Array array, RuntimeFieldHandle fldHandle) =>
            throw new PlatformNotSupportedException("Array initialisation from a non-constant field handle.");

        [Intrinsic]
        public static ReadOnlySpan<T> CreateSpan<T>(RuntimeFieldHandle fldHandle) =>
            throw new PlatformNotSupportedException("Span creation from a non-constant field handle.");

        [Intrinsic]
        public static bool IsReferenceOrContainsReferences<T>() => throw null;

        public static int OffsetToStringData => 12;

        // The Zos heap never moves objects, so an object's address is a stable identity.
        public static int GetHashCode(object o)
        {
            if (o is null) return 0;
            ulong address = (ulong)Unsafe.As<object, nint>(ref o);
            return (int)(address ^ (address >> 32));
        }

        public static void RunClassConstructor(RuntimeTypeHandle type) { }
    }
}
