using Zos.Kernel.KeyValue;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;
using Zos.Shell;
using Zos.Shell.Commands;
using Zos.Shell.Tools;

namespace Zos.Tests.Host.KeyValue;

// The shell's kv and log commands over one simulated disk named sim0, as a
// user types them: each line's whole answer, errors included.
public sealed class KeyValueShell : IBlockStorageFinder
{
    private readonly CommandShell _shell;

    public KeyValueShell(RecordingDisk? disk = null)
    {
        Disk = disk ?? new RecordingDisk(512, 2048);
        ulong nextId = 0x51;
        Session = new KeyValueSession(this, () => nextId++, Clock);
        _shell = new CommandShell([new KvCommand(Session), new LogCommand(Session)]);
    }

    public RecordingDisk Disk { get; }
    public SteppingClock Clock { get; } = new();
    public KeyValueSession Session { get; }

    // What the shell answered, without the last line end.
    public string Run(string line)
    {
        var output = new BufferSink();
        _shell.Execute(line, output);
        return output.Text.ToString().TrimEnd('\n');
    }

    // A line the shell refuses with exactly `answer`, writing nothing to the disk and leaving the store empty.
    public void AssertRefusedWritingNothing(string line, string answer)
    {
        int writes = Disk.Writes;
        Assert.That(Run(line), Is.EqualTo(answer));
        Assert.That(Disk.Writes, Is.EqualTo(writes), "nothing reached the disk");
        Assert.That(Session.Store!.KeyCount, Is.Zero);
    }

    // The store as the disk holds it durably now, opened afresh (read-only).
    public KeyValueStore Durable()
    {
        KeyValueStore? store = KeyValueStore.Open(new RecordingDisk(Disk.SectorSize, Disk.SectorCount, Disk.DurableImage()), readOnly: true, out string? error);
        Assert.That(error, Is.Null);
        return store!;
    }

    public IBlockStorage? Find(string name, out string? error)
    {
        error = name == Disk.Name ? null : "no block device " + name;
        return error is null ? Disk : null;
    }
}

// A clock one millisecond later at every reading: what is timed in the shell takes a known time,
// and a loop until a deadline ends after that many readings.
public sealed class SteppingClock : IMonotonicClock
{
    private ulong _now;

    public ulong Readings { get; private set; }

    public ulong NowNanoseconds
    {
        get
        {
            Readings++;
            return _now += 1_000_000;
        }
    }
}
