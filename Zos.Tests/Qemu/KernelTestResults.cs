using System.Text.RegularExpressions;
using Zos.Kernel.Testing;
using Zos.Kernel.Testing.Drivers;

namespace Zos.Tests.Qemu;

// Runs the kernel's own test suite once, in one boot, and turns each of its
// result lines into a separate NUnit test.
[Category("qemu")]
public class KernelTestResults
{
    private static readonly Lazy<Dictionary<string, string>> Results = new(RunSuite);

    public static IEnumerable<string> Names() => KernelTestSuite.Create().Select(t => t.Name);

    [TestCaseSource(nameof(Names))]
    public void PassesInsideZos(string name)
    {
        Assert.That(Results.Value.ContainsKey(name), Is.True, $"the kernel printed no result for {name}");
        Assert.That(Results.Value[name], Is.EqualTo("pass"), $"{name} failed inside Zos");
    }

    private static Dictionary<string, string> RunSuite()
    {
        string disks = Directory.CreateTempSubdirectory("zos-kernel-tests-").FullName;
        try
        {
            // The virtio.*_transport tests read these disks' capacities; only their sizes matter.
            string modern = RawDisk(disks, "modern.img", VirtioTransportTest.ModernDiskBytes);
            string legacy = RawDisk(disks, "legacy.img", VirtioTransportTest.LegacyDiskBytes);
            // edu: the PCI device pci.edu_msi signals with.
            using var machine = ZosMachine.Start("-device", "edu",
                "-drive", $"file={modern},if=none,id=modern,format=raw", "-device", "virtio-blk-pci,drive=modern,disable-legacy=on",
                "-drive", $"file={legacy},if=none,id=legacy,format=raw", "-device", "virtio-blk-pci,drive=legacy,disable-modern=on");
            machine.WaitForPrompt();
            string answer = machine.Command("test");
            if (machine.Errors.Contains("virtio", StringComparison.OrdinalIgnoreCase))
                Assert.Fail($"QEMU warned about virtio during the kernel tests:\n{machine.Errors}");
            return Regex.Matches(answer, @"(?m)^test ([a-z0-9._]+): (.*)$").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        }
        finally
        {
            Directory.Delete(disks, recursive: true);
        }
    }

    private static string RawDisk(string directory, string name, ulong bytes)
    {
        string path = Path.Combine(directory, name);
        using var file = File.Create(path);
        file.SetLength((long)bytes);
        return path;
    }
}
