namespace Zos.Tests.Qemu;

// A Zos boot with a standard VGA display and a QMP socket, so that a test can
// look at the screen (screendump) while it types over serial.
public sealed class ScreenMachine : IDisposable
{
    public static readonly TimeSpan ScreenTimeout = TimeSpan.FromSeconds(15);

    private readonly string _directory;

    private ScreenMachine(bool exitOnPanic, bool virtioDisk, string[] extraQemuArguments)
    {
        _directory = Directory.CreateTempSubdirectory("zos-screen-").FullName;
        string socket = Path.Combine(_directory, "qmp.sock");
        string[] disk = [];
        if (virtioDisk)
        {
            string image = Path.Combine(_directory, "disk.img");
            File.WriteAllBytes(image, new byte[4 << 20]);
            disk = ["-drive", $"file={image},if=none,id=d0,format=raw", "-device", "virtio-blk-pci,drive=d0"];
        }
        Machine = ZosMachine.Start(exitOnPanic, ["-vga", "std", "-qmp", QmpClient.Arguments(socket), .. disk, .. extraQemuArguments]);
        Qmp = QmpClient.Connect(socket, ZosMachine.BootTimeout);
        Reader = ScreenReader.ForTheImage();
    }

    public static ScreenMachine Start(params string[] extraQemuArguments) => new(exitOnPanic: true, virtioDisk: false, extraQemuArguments);

    // With a 4 MiB virtio-blk disk (blk0), deleted with the machine.
    public static ScreenMachine StartWithDisk(params string[] extraQemuArguments) => new(exitOnPanic: true, virtioDisk: true, extraQemuArguments);

    // A panic halts and QEMU stays, so that its report can be read on the screen.
    public static ScreenMachine StartStayingAfterPanic(params string[] extraQemuArguments) => new(exitOnPanic: false, virtioDisk: false, extraQemuArguments);

    public ZosMachine Machine { get; }
    public QmpClient Qmp { get; }
    public ScreenReader Reader { get; }

    public ScreenText ReadScreen() => Reader.Read(Qmp.Screendump());

    // The screen is drawn by its own thread a frame or so after serial has the text: polled until it shows it.
    public ScreenText WaitForScreen(Func<ScreenText, bool> shows, string what) =>
        WaitForScreen(Qmp, Reader, shows, what, () => "Serial:\n" + Machine.Output);

    // For any QEMU with a QMP socket, also one without serial (more: what else to print on failure).
    public static ScreenText WaitForScreen(QmpClient qmp, ScreenReader reader, Func<ScreenText, bool> shows, string what, Func<string> more)
    {
        var deadline = DateTime.UtcNow + ScreenTimeout;
        while (true)
        {
            ScreenText screen = reader.Read(qmp.Screendump());
            if (shows(screen)) return screen;
            if (DateTime.UtcNow > deadline) Assert.Fail($"the screen does not show {what} within {ScreenTimeout.TotalSeconds} s. It shows:\n{screen}\n{more()}");
            Thread.Sleep(200);
        }
    }

    // Waits until these lines (an answer on serial) are on the screen, one after another; their first row.
    public int WaitForLines(string what, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        int row = -1;
        WaitForScreen(screen => (row = screen.FindLines(list)) >= 0, what + ":\n" + string.Join("\n", list));
        return row;
    }

    public void Dispose()
    {
        Qmp.Dispose();
        Machine.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
