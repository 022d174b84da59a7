namespace Zos.Build;

// A build or launch failure with a message meant for the person at the terminal.
// Problems, when given, are reported one error line each, so that MSBuild lists every one.
public sealed class BuildException(string message, IReadOnlyList<string>? problems = null) : Exception(message)
{
    public IReadOnlyList<string> Problems { get; } = problems ?? [];
}
