namespace System.Runtime
{
    // ilc binds a method carrying an attribute of this name to the native symbol
    // it names and calls it directly. On the host such methods cannot be called.
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeImportAttribute : Attribute
    {
        public RuntimeImportAttribute(string entry) { Entry = entry; }
        public string Entry { get; }
    }
}
