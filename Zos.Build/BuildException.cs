namespace Zos.Build;

// A build or launch failure with a message meant for the person at the terminal.
public sealed class BuildException(string message) : Exception(message);
