using System.Diagnostics;

namespace Zos.Build;

// Runs an external tool to completion and captures what it printed.
public static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new BuildException($"could not start {fileName}");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return new Result(process.ExitCode, output.ToString());
    }

    // Runs a tool that must succeed; its output becomes the error message if it does not.
    public static string RunChecked(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var result = Run(fileName, arguments, workingDirectory);
        if (result.ExitCode != 0)
            throw new BuildException($"{Path.GetFileName(fileName)} failed (exit {result.ExitCode}):\n{result.Output}");
        return result.Output;
    }

    public static bool IsOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, command)));
}
