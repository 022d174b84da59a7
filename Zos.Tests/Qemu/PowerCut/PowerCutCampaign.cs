using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu.PowerCut;

// Power cuts for real, seeded: the disk is an NbdServer holding every write
// not yet flushed in memory. Each round boots Zos on what the last cut left,
// opens the store (recovery), checks that every put acknowledged before the
// last cut is there with its value (`kv soak check`: each writer's keys from
// 0 without a gap, each value right, at least as many as it acknowledged),
// then runs a printing soak (`kv soak start <writers> print`, each writer
// going on after its keys) and cuts the power at a random request (three
// times in four the first flush from there, where writes wait for it); QEMU
// is killed there. A last boot checks the last cut. Killing QEMU alone is no
// power cut (its writes are already in the host's page cache); the server's
// cut is.
public sealed class PowerCutCampaign
{
    public const int Writers = 4;
    private const int ImageMiB = 16;
    // The cut comes at a request drawn from this range, counted from the soak's start.
    private const int FirstCutRequest = 1, LastCutRequest = 600;
    private static readonly TimeSpan CutTimeout = TimeSpan.FromSeconds(60);

    private readonly Random _random;
    private readonly string _folder;
    private readonly bool _flushes;
    private readonly ulong[] _acknowledged = new ulong[Writers];
    private byte[] _image;
    private int _round;

    // flushes false: the server acknowledges flushes and ignores them (a disk
    // that lies), so nothing is durable at the cut: the control run, which must lose.
    private PowerCutCampaign(int seed, bool flushes)
    {
        Seed = seed;
        _random = new Random(seed);
        _flushes = flushes;
        _folder = Directory.CreateTempSubdirectory("zos-power-cut-").FullName;
        string path = Path.Combine(_folder, "kv.img");
        var errors = new StringWriter();
        Assert.That(KeyValueTool.Run(["format", path, ImageMiB.ToString()], TextWriter.Null, errors), Is.Zero, errors.ToString());
        _image = File.ReadAllBytes(path);
    }

    public int Seed { get; }

    // Runs the cuts, then checks the last; fails the test at the first put
    // acknowledged and then lost, naming the seed and round.
    public static void Run(int seed, int cuts)
    {
        var campaign = new PowerCutCampaign(seed, flushes: true);
        try
        {
            for (int cut = 0; cut < cuts; cut++) campaign.CutDuringASoak();
            using NbdServer server = campaign.Serve();
            using ZosMachine machine = campaign.Boot(server);
            Assert.That(campaign.Recovered(machine), Is.Null, campaign.Where());
            Assert.That(machine.Command("kv check"), Does.EndWith("check: ok\n"), campaign.Where());
        }
        finally
        {
            campaign.Delete();
        }
    }

    // The control: one cut without flushes; what Recovered found missing (or the store's error), or null when nothing was lost.
    public static string? RunWithoutFlushes(int seed)
    {
        var campaign = new PowerCutCampaign(seed, flushes: false);
        try
        {
            campaign.CutDuringASoak();
            using NbdServer server = campaign.Serve();
            using ZosMachine machine = campaign.Boot(server);
            return campaign.Recovered(machine);
        }
        finally
        {
            campaign.Delete();
        }
    }

    private void CutDuringASoak()
    {
        // Disposed in reverse: QEMU is killed before the server stops.
        using (NbdServer server = Serve())
        using (ZosMachine machine = Boot(server))
        {
            Assert.That(Recovered(machine), Is.Null, Where());
            string started = machine.Command($"kv soak start {Writers} print").Trim();
            Assert.That(started, Does.StartWith($"soak: started writers={Writers} from="), Where());
            long cutAt = _random.Next(FirstCutRequest, LastCutRequest + 1);
            // Mostly at a flush, where a frame's writes wait to become durable; else at any request.
            bool atFlush = _random.Next(4) != 0;
            server.ArmCut(cutAt, atFlush);
            Assert.That(server.WaitForCut(CutTimeout), Is.True, $"{Where()}: no cut within {CutTimeout.TotalSeconds} s (request {cutAt})\n{machine.Output}");
            machine.Dispose(); // SIGKILL now: the guest's requests after the cut are never answered anyway
            Assert.That(server.Failure, Is.Null, Where());
            int printed = RecordAcknowledged(machine.Output);
            TestContext.Out.WriteLine($"{Where()}: cut at request {cutAt}{(atFlush ? " (or the flush after)" : "")} after {printed} printed puts; {server.CutReport}");
            _image = server.Surviving!;
        }
        _round++;
    }

    // The current image behind a new server, its cut drawn from the campaign's seed.
    private NbdServer Serve() =>
        new(Path.Combine(_folder, $"nbd{_round}.sock"), new VolatileWriteCache(_image, _flushes), new Random(_random.Next()));

    // Zos on the server's disk, the store not yet opened.
    private ZosMachine Boot(NbdServer server)
    {
        var machine = ZosMachine.Start("-drive", server.Drive("blk0"), "-device", "virtio-blk-pci,drive=blk0,disable-legacy=on");
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(30));
        return machine;
    }

    // Opens the store and checks every acknowledged put: null, or what was lost.
    private string? Recovered(ZosMachine machine)
    {
        string opened = machine.Command("kv open blk0");
        if (!opened.StartsWith("opened: blk0 ")) return "the store did not open: " + opened.Trim();
        string checkedKeys = machine.Command($"kv soak check {Writers}").Trim();
        Match keys = Regex.Match(checkedKeys, @"^soak: checked keys=([\d,]+)$");
        if (!keys.Success) return "the soak's keys are not sound: " + checkedKeys;
        ulong[] found = keys.Groups[1].Value.Split(',').Select(ulong.Parse).ToArray();
        for (int w = 0; w < Writers; w++)
            if (found[w] < _acknowledged[w]) return $"writer {w} acknowledged {_acknowledged[w]} puts, the store has {found[w]}";
        // Puts in flight at the cut may have survived whole: those count as acknowledged from now on.
        for (int w = 0; w < Writers; w++) _acknowledged[w] = found[w];
        return null;
    }

    // The puts printed before the cut (each printed only once durable); how many.
    private int RecordAcknowledged(string output)
    {
        int printed = 0;
        // Not anchored at a line start: the first may follow the prompt. Only whole lines count.
        foreach (Match put in Regex.Matches(output, @"put: soak/(\d\d)/(\d{8}) bytes=\d+\n"))
        {
            int writer = int.Parse(put.Groups[1].Value);
            ulong count = ulong.Parse(put.Groups[2].Value) + 1;
            if (count > _acknowledged[writer]) _acknowledged[writer] = count;
            printed++;
        }
        return printed;
    }

    private string Where() => $"seed {Seed}, round {_round}";

    private void Delete() => Directory.Delete(_folder, recursive: true);
}
