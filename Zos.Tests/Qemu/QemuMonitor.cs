using System.Net.Sockets;
using System.Text;

namespace Zos.Tests.Qemu;

// QEMU's human monitor on a Unix socket (started with Arguments(path)): what a
// person at the machine does, from a test. SendKey and Type press keys on the
// emulated PS/2 keyboard (`sendkey`), so they reach Zos through its keyboard
// driver, never through the serial port.
public sealed class QemuMonitor : IDisposable
{
    public const string MonitorPrompt = "(qemu) ";
    // How long sendkey holds each key: short, and well under the keyboard's typematic delay.
    public const int HoldMilliseconds = 20;

    private readonly Socket _socket;
    private readonly StringBuilder _received = new();

    private QemuMonitor(Socket socket)
    {
        _socket = socket;
        Read();
    }

    // The QEMU arguments for a monitor at this socket path (QEMU creates it).
    public static string[] Arguments(string socketPath) => ["-monitor", $"unix:{socketPath},server,nowait"];

    // A fresh socket path in the temporary directory.
    public static string NewSocketPath() => Path.Combine(Path.GetTempPath(), $"zos-monitor-{Guid.NewGuid():N}.sock");

    // Connects once QEMU has made the socket.
    public static QemuMonitor Connect(string socketPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                socket.ReceiveTimeout = 10_000;
                return new QemuMonitor(socket);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
        }
    }

    // Runs one monitor command and returns what it printed (the monitor's
    // echo of the command, its first line, left out).
    public string Execute(string command)
    {
        _socket.Send(Encoding.ASCII.GetBytes(command + "\n"));
        string answer = Read();
        int echoEnd = answer.IndexOf("\r\n", StringComparison.Ordinal);
        return echoEnd < 0 ? answer : answer[(echoEnd + 2)..];
    }

    // Presses and releases one key or chord by QEMU's names ("h", "shift-h", "ctrl-c", "up", "ret").
    public void SendKey(string keys)
    {
        string answer = Execute($"sendkey {keys} {HoldMilliseconds}");
        Assert.That(answer.Trim(), Is.Empty, $"sendkey {keys}");
    }

    // Types text on the keyboard; '\n' is Enter.
    public void Type(string text)
    {
        foreach (char c in text) SendKey(KeyName(c));
    }

    // QEMU's name for the key (with shift when needed) that types c on a US keyboard.
    public static string KeyName(char c)
    {
        if (c is >= 'a' and <= 'z' or >= '0' and <= '9') return c.ToString();
        if (c is >= 'A' and <= 'Z') return "shift-" + char.ToLowerInvariant(c);
        const string plain = " \n\t-=[]\\;',./`", plainNames = "spc ret tab minus equal bracket_left bracket_right backslash semicolon apostrophe comma dot slash grave_accent";
        const string shifted = "!@#$%^&*()_+{}|:\"<>?~", shiftedOf = "1234567890-=[]\\;',./`";
        int at = plain.IndexOf(c);
        if (at >= 0) return plainNames.Split(' ')[at];
        at = shifted.IndexOf(c);
        if (at >= 0) return "shift-" + KeyName(shiftedOf[at]);
        throw new ArgumentException($"no US key types '{c}'");
    }

    public void Dispose() => _socket.Dispose();

    // Everything up to the next monitor prompt.
    private string Read()
    {
        var buffer = new byte[4096];
        while (true)
        {
            string text = _received.ToString();
            int at = text.IndexOf(MonitorPrompt, StringComparison.Ordinal);
            if (at >= 0)
            {
                _received.Remove(0, at + MonitorPrompt.Length);
                return text[..at];
            }
            int read = _socket.Receive(buffer);
            if (read == 0) throw new IOException("the QEMU monitor closed its socket:\n" + text);
            _received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }
}
