namespace System
{
    // Handles the C# compiler and ilc emit for ldtoken. Zos keeps no reflection metadata.
    public struct RuntimeTypeHandle : IEquatable<RuntimeTypeHandle>
    {
        private IntPtr _value;
        public bool Equals(RuntimeTypeHandle handle) => _value == handle._value;
    }

    public struct RuntimeMethodHandle : IEquatable<RuntimeMethodHandle>
    {
        private IntPtr _value;
        public bool Equals(RuntimeMethodHandle handle) => _value == handle._value;
    }

    public struct RuntimeFieldHandle : IEquatable<RuntimeFieldHandle>
    {
        private IntPtr _value;
        public bool Equals(RuntimeFieldHandle handle) => _value == handle._value;
    }
}
