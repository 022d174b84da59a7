namespace System.Runtime
{
    // Gives a corlib method a fixed native symbol name so that generated code
    // and the assembly layer can call it (allocation, casting, throwing).
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class RuntimeExportAttribute : Attribute
    {
        public RuntimeExportAttribute(string entry) { }
    }
}
