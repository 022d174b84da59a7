namespace System
{
    // Handles the C# compiler and ilc emit for ldtoken. Zos keeps no reflection metadata.
    public struct RuntimeTypeHandle { private IntPtr _value; }
    public struct RuntimeMethodHandle { private IntPtr _value; }
    public struct RuntimeFieldHandle { private IntPtr _value; }
}
