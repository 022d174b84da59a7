using System.Diagnostics;
using System.Text;
using Zos.Build;

namespace Zos.Tests.Qemu;

// One Zos boot in QEMU, driven over its serial console the way a script would:
// wait for the prompt, send a command, read the answer up to the next prompt.
public sealed class ZosMachine : IDisposable
{
    public const string Prompt = "zos> ";
    // Generous: a boot takes seconds, but OVMF and GRUB on a busy shared host have taken more than 30.
    public static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private int _consumed;
    private bool _disposed;

    private ZosMachine(Process process)
    {
        _process = process;
        // Read characters, not lines: the prompt has no line end.
        new Thread(() => Pump(process.StandardOutput, _output)) { IsBackground = true }.Start();
        new Thread(() => Pump(process.StandardError, _errors)) { IsBackground = true }.Start();
    }

    public static string Iso => new RepositoryLayout(RepositoryLayout.FindRoot(TestContext.CurrentContext.TestDirectory), "Debug").Iso;

    public static ZosMachine Start(params string[] extraQemuArguments) => Start(exitOnPanic: true, extraQemuArguments);

    // exitOnPanic false: QEMU stays after a panic (its screen can still be read).
    public static ZosMachine Start(bool exitOnPanic, params string[] extraQemuArguments) => StartImage(Iso, exitOnPanic, extraQemuArguments);

    // An image other than the repository's (another configuration's).
    public static ZosMachine StartImage(string iso, bool exitOnPanic, params string[] extraQemuArguments)
    {
        if (!File.Exists(iso)) Assert.Fail($"{iso} is missing: build the solution first");
        var start = new ProcessStartInfo(QemuCommand.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        QemuCommand.Arguments(iso, exitOnPanic, extraQemuArguments).ForEach(start.ArgumentList.Add);
        return new ZosMachine(Process.Start(start)!);
    }

    // Everything the console printed so far, carriage returns removed.
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public string Errors
    {
        get { lock (_errors) return _errors.ToString(); }
    }

    public TimeSpan WaitForPrompt()
    {
        var watch = Stopwatch.StartNew();
        WaitFor(Prompt, BootTimeout);
        return watch.Elapsed;
    }

    // Sends a line and returns what the kernel answered before its next prompt.
    public string Command(string line) => Command(line, CommandTimeout);

    public string Command(string line, TimeSpan timeout)
    {
        SendBytes(line + "\r");
        return WithoutEcho(WaitFor(Prompt, timeout));
    }

    // Drops the echoed command line.
    private static string WithoutEcho(string answer)
    {
        int newline = answer.IndexOf('\n');
        return newline < 0 ? "" : answer[(newline + 1)..];
    }

    // Runs a benchmark's command and rejects the run (the test fails) when Zos's
    // clock and the host's disagreed over it: Zos's uptime is read just before and
    // after, the host's time between the two answers. The tolerance is 2 % plus
    // 10 ms for the uptime's resolution and the serial round trips.
    public string BenchmarkCommand(string line) => BenchmarkCommand(line, CommandTimeout);

    public string BenchmarkCommand(string line, TimeSpan timeout) => BenchmarkCommandUnlessItEnds(line, timeout)
        ?? WaitFor(Prompt, TimeSpan.Zero); // QEMU ended: fails, saying so

    // BenchmarkCommand for a command that may end the machine (the kernel heap exhausted is a
    // panic): null, and no clock check, when QEMU exits before the prompt.
    public string? BenchmarkCommandUnlessItEnds(string line, TimeSpan timeout)
    {
        ulong before = UptimeMilliseconds();
        var host = Stopwatch.StartNew();
        SendBytes(line + "\r");
        if (!TryWaitFor(Prompt, timeout, out string answer)) return null;
        ulong after = UptimeMilliseconds();
        double zosMs = after - before, hostMs = host.Elapsed.TotalMilliseconds;
        TestContext.Out.WriteLine($"clock check ({line}): Zos {zosMs} ms, host {hostMs:F0} ms");
        if (Math.Abs(zosMs - hostMs) > 0.02 * hostMs + 10)
            Assert.Fail($"run rejected: over '{line}' Zos's clock measured {zosMs} ms and the host's {hostMs:F0} ms");
        return WithoutEcho(answer);
    }

    private ulong UptimeMilliseconds() =>
        ulong.Parse(System.Text.RegularExpressions.Regex.Match(Command("uptime"), @"uptime_ms: (\d+)").Groups[1].Value);

    public void Send(string line) => SendBytes(line + "\r");

    // Exactly these bytes to the serial port, no line end added (an escape sequence, Ctrl-C).
    public void SendBytes(string bytes)
    {
        _process.StandardInput.Write(bytes);
        _process.StandardInput.Flush();
    }

    // Returns the text between the last consumed position and the marker, and moves past it.
    public string WaitFor(string marker, TimeSpan timeout)
    {
        if (!TryWaitFor(marker, timeout, out string before))
            Assert.Fail($"QEMU exited (code {_process.ExitCode}) before '{marker}'.\nConsole:\n{Output}\nQEMU errors:\n{Errors}");
        return before;
    }

    // WaitFor, but false when QEMU exits before the marker (a timeout still fails).
    private bool TryWaitFor(string marker, TimeSpan timeout, out string before)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            string text = Output;
            int at = text.IndexOf(marker, _consumed, StringComparison.Ordinal);
            if (at >= 0)
            {
                before = text[_consumed..at];
                _consumed = at + marker.Length;
                return true;
            }
            if (_process.HasExited && Output.Length == text.Length)
            {
                before = text[_consumed..];
                return false;
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"no '{marker}' within {timeout.TotalSeconds} s.\nConsole:\n{text}");
            Thread.Sleep(20);
        }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) Assert.Fail($"QEMU still running after {timeout.TotalSeconds} s.\nConsole:\n{Output}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    // Kills QEMU (SIGKILL) if it still runs; a second call does nothing.
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private static void Pump(StreamReader reader, StringBuilder buffer)
    {
        var chunk = new char[4096];
        int read;
        while ((read = reader.Read(chunk, 0, chunk.Length)) > 0)
            lock (buffer) buffer.Append(new string(chunk, 0, read).Replace("\r", ""));
    }
}
