using System.Text;
using Zos.Shell;

namespace Zos.Tests.Host;

// Collects what a shell command writes, for host tests of commands.
public sealed class BufferSink : TextSink
{
    public StringBuilder Text { get; } = new();

    public override void Write(string text) => Text.Append(text);

    public string[] Lines => Text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
