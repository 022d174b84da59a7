using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Benchmarks.Linux;

// A Debian kernel with a busybox + fio initramfs, booted in the same QEMU machine as Zos
// (QemuCommand.MachineArguments) to measure Linux's own driver for one kind of disk
// (LinuxDiskDriver: virtio_blk on the cloud kernel, ahci + sd_mod on the generic one) on a
// disk given with the same QemuDiskOptions. /init loads the driver's modules, waits for the
// block device, runs the jobs with fio (direct I/O through libaio), prints one terse line
// per job on the serial console and powers the machine off.
public sealed partial class LinuxGuest
{
    private const string BusyboxPackage = "busybox-static";
    private const string Marker = LinuxGuestRun.Marker;
    private static readonly TimeSpan BootAllowance = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<BlockBenchJob> _jobs;
    private readonly int _secondsPerJob;

    public LinuxDiskDriver Driver { get; }
    public string KernelPackage { get; }
    public string Kernel { get; }
    public string Initramfs { get; }

    // What the kernel is booted with (KernelCommandLine).
    public string CommandLine { get; }

    private LinuxGuest(LinuxDiskDriver driver, string kernelPackage, string kernel, string initramfs, IReadOnlyList<BlockBenchJob> jobs, int secondsPerJob,
        string commandLine)
    {
        CommandLine = commandLine;
        Driver = driver;
        KernelPackage = kernelPackage;
        Kernel = kernel;
        Initramfs = initramfs;
        _jobs = jobs;
        _secondsPerJob = secondsPerJob;
    }

    // Fetches the packages (once) and writes the driver's initramfs into the cache directory.
    // extraKernelArguments: appended to the kernel's command line ("maxcpus=1").
    public static LinuxGuest Build(DebianPackageCache cache, LinuxDiskDriver driver, IReadOnlyList<BlockBenchJob> jobs, int secondsPerJob,
        string extraKernelArguments = "")
    {
        // fio runs from the host's installation so that ldd can name every library it loads.
        ToolInstaller.EnsureCommands(("fio", "fio"), (QemuCommand.Executable, "qemu-system-x86"));
        string kernelPackage = cache.MetapackageTarget(driver.KernelMetapackage);
        string kernelRoot = cache.Unpack(kernelPackage);
        string kernel = Directory.EnumerateFiles(Path.Combine(kernelRoot, "boot"), "vmlinuz-*").SingleOrDefault()
            ?? throw new BuildException($"{kernelPackage} has no boot/vmlinuz-*");
        string modules = Directory.EnumerateDirectories(Path.Combine(kernelRoot, "lib", "modules")).Single();

        string busybox = Path.Combine(cache.Unpack(BusyboxPackage), "bin", "busybox");
        string initramfs = Path.Combine(cache.CacheDirectory, "linux-guest", $"initramfs-{driver.Name}.cpio.gz");
        WriteCompressed(InitramfsArchive(driver, busybox, modules, jobs, secondsPerJob), initramfs);
        return new LinuxGuest(driver, kernelPackage, kernel, initramfs, jobs, secondsPerJob, KernelCommandLine(extraKernelArguments));
    }

    private static CpioArchive InitramfsArchive(LinuxDiskDriver driver, string busybox, string modulesDirectory, IReadOnlyList<BlockBenchJob> jobs,
        int secondsPerJob)
    {
        var archive = new CpioArchive();
        foreach (string directory in new[] { "proc", "sys", "dev" }) archive.AddDirectory(directory);
        // The console /init's output goes to, before devtmpfs is mounted over /dev.
        archive.AddCharDevice("dev/console", 5, 1);
        archive.AddFile("bin/busybox", File.ReadAllBytes(busybox), executable: true);
        var modules = KernelModules.LoadOrder(modulesDirectory, driver.Modules);
        foreach (string module in modules)
            archive.AddFile("modules/" + Path.GetFileName(module), File.ReadAllBytes(module), executable: false);
        AddProgramWithLibraries(archive, ProgramPath("fio"));
        archive.AddFile("jobs.fio", Encoding.ASCII.GetBytes(FioJobFile(jobs, secondsPerJob, driver.DevicePath)), executable: false);
        archive.AddFile("init", Encoding.ASCII.GetBytes(InitScript(driver, modules.Select(module => Path.GetFileName(module)))), executable: true);
        return archive;
    }

    // Compressed: fio's libraries (ceph's, ICU's data) are ~90 MB, and the guest holds the
    // initramfs and its unpacked files at once in the 256 MiB the machine has.
    private static void WriteCompressed(CpioArchive archive, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The archive pads by stream position, which a GZipStream does not have.
        var cpio = new MemoryStream();
        archive.WriteTo(cpio);
        using var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        gzip.Write(cpio.GetBuffer(), 0, (int)cpio.Length);
    }

    // Boots the guest with the disk, waits for it to power off and returns what fio measured.
    public LinuxGuestRun Run(QemuDiskOptions disk)
    {
        if (disk.Controller != Driver.Controller)
            throw new BuildException($"a {disk.Controller} disk given to the {Driver.Name} guest, which has no driver for it");
        var start = new ProcessStartInfo(QemuCommand.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "-kernel", Kernel,
            "-initrd", Initramfs,
            "-append", CommandLine,
            .. QemuCommand.MachineArguments,
            .. disk.Arguments(),
        ];
        foreach (string argument in arguments) start.ArgumentList.Add(argument);

        using var qemu = Process.Start(start) ?? throw new BuildException("could not start " + QemuCommand.Executable);
        var console = new StringBuilder();
        var errors = new StringBuilder();
        var marked = new List<(TimeSpan, string)>();
        var host = Stopwatch.StartNew();
        qemu.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            string line = e.Data.Replace("\r", "");
            lock (console)
            {
                console.AppendLine(line);
                if (line.Trim().StartsWith(Marker, StringComparison.Ordinal)) marked.Add((host.Elapsed, line.Trim()));
            }
        };
        qemu.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        qemu.BeginOutputReadLine();
        qemu.BeginErrorReadLine();
        var timeout = BootAllowance + _jobs.Count * TimeSpan.FromSeconds(_secondsPerJob + 5);
        bool exited = qemu.WaitForExit(timeout);
        if (!exited) qemu.Kill(entireProcessTree: true);
        qemu.WaitForExit();

        string output;
        lock (console) output = console.ToString();
        string failure = exited ? $"QEMU exited with code {qemu.ExitCode}" : $"the guest was still running after {timeout.TotalSeconds} s";
        string report = $"{disk.Describe()}: {failure}.\nConsole:\n{output}\nQEMU errors:\n{errors}";
        if (!exited || qemu.ExitCode != 0 || !output.Contains(Marker + "done")) throw new BuildException(report);
        string? clocks;
        lock (console) clocks = LinuxGuestRun.CheckClocks(marked);
        if (clocks is not null) throw new BuildException(clocks + "\n" + report);
        return LinuxGuestRun.Parse(output, _jobs.Count, report);
    }

    // panic=-1: a failing /init reboots at once, which -no-reboot turns into QEMU exiting.
    // root=/dev/ram0 (never mounted: /init runs from the initramfs) makes the initramfs's
    // filesystem ramfs instead of tmpfs, whose size limit is half the memory: the generic
    // kernel leaves less of the 256 MiB than the cloud one, and fio's ~90 MB of libraries
    // no longer fit under the limit ("Initramfs unpacking failed: write error").
    internal static string KernelCommandLine(string extraArguments) =>
        ("console=ttyS0 quiet loglevel=3 panic=-1 root=/dev/ram0 " + extraArguments).Trim();

    internal static string FioJobFile(IReadOnlyList<BlockBenchJob> jobs, int secondsPerJob, string device)
    {
        var file = new StringBuilder();
        file.AppendLine("[global]")
            .AppendLine($"filename={device}")
            .AppendLine("ioengine=libaio")
            .AppendLine("direct=1")
            .AppendLine("time_based=1")
            // The first second warms up the queue and is not counted.
            .AppendLine($"ramp_time={BlockBenchJob.RampSeconds}")
            .AppendLine($"runtime={secondsPerJob}")
            // Percentiles of submission-to-completion latency, which is what `blk bench` measures.
            .AppendLine("clat_percentiles=0")
            .AppendLine("lat_percentiles=1")
            .AppendLine("percentile_list=50:99");
        foreach (var job in jobs)
        {
            string rw = (job.Pattern == AccessPattern.Random ? "rand" : "") + (job.Write ? "write" : "read");
            file.AppendLine().AppendLine($"[{job.Name}]")
                .AppendLine($"rw={rw}")
                .AppendLine($"bs={job.BlockSize}")
                .AppendLine($"iodepth={job.Depth}")
                // One job after the other, never two at once.
                .AppendLine("stonewall");
        }
        return file.ToString();
    }

    internal static string InitScript(LinuxDiskDriver driver, IEnumerable<string> modules)
    {
        string device = driver.DevicePath;
        var script = new StringBuilder();
        script.Append($$"""
            #!/bin/busybox sh
            /bin/busybox mount -t proc proc /proc
            /bin/busybox --install -s /bin
            export PATH=/bin:/usr/bin
            mount -t sysfs sysfs /sys
            mount -t devtmpfs devtmpfs /dev
            fail() { echo "{{Marker}}error: $1"; poweroff -f; }

            """);
        foreach (string module in modules) script.Append($"insmod /modules/{module} || fail \"insmod {module}\"\n");
        script.Append($$"""
            tries=0
            while [ ! -b {{device}} ]; do
                tries=$((tries + 1))
                [ $tries -gt 100 ] && fail "no {{device}} after 10 s"
                sleep 0.1
            done
            echo "{{Marker}}pci $(cat {{driver.PciFunctionPath}}/device)"
            echo "{{Marker}}sectors $(cat /sys/block/{{driver.BlockDevice}}/size)"
            echo "{{Marker}}queue $(cat /sys/block/{{driver.BlockDevice}}/queue/scheduler) nr_requests=$(cat /sys/block/{{driver.BlockDevice}}/queue/nr_requests) max_sectors_kb=$(cat /sys/block/{{driver.BlockDevice}}/queue/max_sectors_kb) queue_depth=$(cat /sys/block/{{driver.BlockDevice}}/device/queue_depth 2>/dev/null || echo -)"
            echo "{{Marker}}uptime-before-fio $(cut -d' ' -f1 /proc/uptime)"
            fio --output-format=terse --terse-version=3 /jobs.fio 2>&1 || fail "fio exited with $?"
            echo "{{Marker}}uptime-after-fio $(cut -d' ' -f1 /proc/uptime)"
            echo "{{Marker}}irq $(grep '{{driver.InterruptName}}' /proc/interrupts | tr -s ' ' | tr '\n' ';')"
            echo "{{Marker}}done"
            poweroff -f

            """);
        return script.ToString();
    }

    // A program and every shared library ldd says it loads, each at the path the loader will look for it.
    private static void AddProgramWithLibraries(CpioArchive archive, string program)
    {
        archive.AddFile(program, File.ReadAllBytes(program), executable: true);
        string ldd = ProcessRunner.RunChecked("ldd", [program]);
        foreach (Match missing in NotFoundLibrary().Matches(ldd))
            throw new BuildException($"{program} needs {missing.Groups[1].Value}, which is not installed (reinstall its package)");
        foreach (Match library in LibraryPath().Matches(ldd))
        {
            string path = library.Groups[1].Value;
            if (!archive.Contains(path)) archive.AddFile(path, File.ReadAllBytes(path), executable: true);
        }
    }

    private static string ProgramPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, command)).FirstOrDefault(File.Exists)
        ?? throw new BuildException($"{command} is not on PATH");

    // "libaio.so.1 => /lib/x86_64-linux-gnu/libaio.so.1 (0x...)" and "/lib64/ld-linux-x86-64.so.2 (0x...)".
    [GeneratedRegex(@"^\s*(?:\S+ => )?(/\S+) \(0x", RegexOptions.Multiline)]
    private static partial Regex LibraryPath();

    [GeneratedRegex(@"^\s*(\S+) => not found", RegexOptions.Multiline)]
    private static partial Regex NotFoundLibrary();
}
