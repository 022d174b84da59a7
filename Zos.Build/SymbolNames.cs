namespace Zos.Build;

// Turns ilc's mangled symbol names back into C#-like ones for panic reports:
// "Zos_Kernel_Zos_Kernel_Shell_Shell__Run" becomes "Zos.Kernel.Shell.Shell.Run".
// ilc prefixes each symbol with its assembly's name (the corlib's is
// "S_P_CoreLib_") and separates the type from the member with "__".
public static class SymbolNames
{
    // A type's MethodTable symbol is C++-style "_ZTV<length><name>".
    private static string WithoutTypeSymbolPrefix(string symbol)
    {
        if (!symbol.StartsWith("_ZTV", StringComparison.Ordinal)) return symbol;
        int digits = 4;
        while (digits < symbol.Length && char.IsAsciiDigit(symbol[digits])) digits++;
        return digits > 4 && int.TryParse(symbol[4..digits], out int length) && length == symbol.Length - digits ? symbol[digits..] : symbol;
    }

    public static string Demangle(string symbol, IReadOnlyList<string> assemblyNames)
    {
        string rest = WithoutTypeSymbolPrefix(symbol);
        foreach (var prefix in assemblyNames.Select(a => a.Replace('.', '_') + "_").Append("S_P_CoreLib_"))
        {
            if (rest.StartsWith(prefix, StringComparison.Ordinal))
            {
                rest = rest[prefix.Length..];
                break;
            }
        }
        if (rest.Length == symbol.Length) return symbol;
        int split = rest.IndexOf("__", StringComparison.Ordinal);
        if (split <= 0) return rest.Replace('_', '.');
        return rest[..split].Replace('_', '.') + "." + rest[(split + 2)..];
    }
}
