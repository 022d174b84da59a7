using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// Booted by OVMF, whose firmware puts the virtio disk's 64-bit modern BAR
// above 4 GiB, out of the identity map's reach: the transitional device then
// serves through its legacy I/O BAR, and `blk` says why.
[Category("qemu")]
public class UefiTests
{
    [Test]
    public void UnderUefiTheDefaultVirtioDiskServesThroughItsLegacyInterfaceAndSaysWhy()
    {
        string directory = Directory.CreateTempSubdirectory("zos-uefi-").FullName;
        try
        {
            string image = Path.Combine(directory, "disk.img");
            File.WriteAllBytes(image, new byte[16 << 20]);
            using var machine = ZosMachine.Start("-bios", ToolInstaller.OvmfFirmware,
                "-drive", $"file={image},if=none,id=d0,format=raw", "-device", "virtio-blk-pci,drive=d0");
            machine.WaitForPrompt();
            DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(30));

            string transport = Regex.Match(machine.Command("blk"), @"(?m)^blk0 .* transport=""([^""]*)""").Groups[1].Value;
            Assert.That(transport, Does.Match(@"^legacy (msi-x|intx) \(the modern interface is unusable: .*BAR 4 .* is not reachable\)$"));
            Assert.That(machine.Command("blk write blk0 8 under-uefi 16").Trim(), Is.EqualTo("written: 16 sectors at 8"));
            Assert.That(machine.Command("blk verify blk0 8 16 under-uefi").Trim(), Is.EqualTo("verified: 16 sectors at 8"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
