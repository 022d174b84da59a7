using System.Diagnostics;

namespace Zos.Tests.Benchmarks.KvHost;

// What the file system says about a benchmark directory: the bytes its files
// really occupy (allocated blocks, as `du` counts them: a sparse image's holes
// take nothing), and which file system it is on.
public static class DiskUsage
{
    public static long AllocatedBytes(string directory)
    {
        string output = Run("du", "-s", "-B1", directory);
        return long.Parse(output.Split('\t', ' ')[0]);
    }

    // `df -T`'s line for the directory: device, type, sizes, mount point.
    public static string FileSystemOf(string directory) => Run("df", "-T", directory).Trim().Split('\n')[^1];

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        return output;
    }
}
