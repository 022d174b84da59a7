namespace Zos.Build;

// Turns ilc's mangled symbol names back into C#-like ones for panic reports:
// "Zos_Kernel_Zos_Kernel_Shell_Shell__Run" becomes "Zos.Kernel.Shell.Shell.Run".
// ilc prefixes each symbol with its assembly's name (the corlib's is
// "S_P_CoreLib_") and separates the type from the member with "__".
public static class SymbolNames
{
    public static string Demangle(string symbol, IReadOnlyList<string> assemblyNames)
    {
        string rest = symbol;
        foreach (var prefix in assemblyNames.Select(a => a.Replace('.', '_') + "_").Append("S_P_CoreLib_"))
        {
            if (rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                rest = rest[prefix.Length..];
                break;
            }
        }
        if (ReferenceEquals(rest, symbol)) return symbol;
        int split = rest.IndexOf("__", StringComparison.Ordinal);
        if (split <= 0) return rest.Replace('_', '.');
        return rest[..split].Replace('_', '.') + "." + rest[(split + 2)..];
    }
}
