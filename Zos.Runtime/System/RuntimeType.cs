namespace System
{
    // The runtime's Type; ilc requires it. Zos keeps no reflection metadata.
    internal sealed class RuntimeType : Type
    {
    }
}
