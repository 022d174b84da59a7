using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Zos.Tests.Qemu;

// QEMU's machine protocol (QMP, JSON lines) over the Unix socket of
// `-qmp unix:PATH,server,nowait`: screendumps, and monitor commands such as
// `xp` that read guest memory.
public sealed class QmpClient : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    public static string Arguments(string socketPath) => $"unix:{socketPath},server,nowait";

    // QEMU makes the socket as it starts: retried until it is there.
    public static QmpClient Connect(string socketPath, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                var client = new QmpClient(socket);
                client._reader.ReadLine();                 // the greeting
                client.Execute("qmp_capabilities");
                return client;
            }
            catch (Exception e) when (e is SocketException or IOException && DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
        }
    }

    public JsonNode? Execute(string command, object? arguments = null)
    {
        _writer.WriteLine(JsonSerializer.Serialize(arguments is null ? new { execute = command } : (object)new { execute = command, arguments }));
        while (true)
        {
            string line = _reader.ReadLine() ?? throw new IOException("QEMU closed its QMP socket");
            var reply = JsonNode.Parse(line)!;
            if (reply["event"] is not null) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"QMP {command}: {error.ToJsonString()}");
            return reply["return"];
        }
    }

    // The screen as QEMU shows it, written to a PPM file and read back.
    public PpmImage Screendump()
    {
        string file = Path.Combine(Path.GetTempPath(), $"zos-screen-{Environment.ProcessId}-{Guid.NewGuid():N}.ppm");
        try
        {
            Execute("screendump", new { filename = file });
            return PpmImage.Read(file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    // A human monitor command's output (for example `xp /8xh 0xb8000`).
    public string HumanCommand(string line) => Execute("human-monitor-command", new Dictionary<string, string> { ["command-line"] = line })?.GetValue<string>() ?? "";

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _socket.Dispose();
    }
}
