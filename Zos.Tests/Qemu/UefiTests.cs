using System.Text.RegularExpressions;
using Zos.Build;

namespace Zos.Tests.Qemu;

// Booted by OVMF, whose firmware puts the virtio disk's 64-bit modern BAR
// above 4 GiB, beyond boot.asm's identity map: the kernel maps it where it
// is, and the disk serves and recovers there as under the BIOS.
[Category("qemu")]
public class UefiTests
{
    [TestCase("virtio-blk-pci,drive=d0")]
    [TestCase("virtio-blk-pci,drive=d0,disable-legacy=on")]
    public void UnderUefiTheVirtioDiskServesThroughItsModernBarAboveFourGiBAndRecovers(string device)
    {
        string directory = Directory.CreateTempSubdirectory("zos-uefi-").FullName;
        try
        {
            string image = Path.Combine(directory, "disk.img");
            File.WriteAllBytes(image, new byte[16 << 20]);
            using var machine = ZosMachine.Start("-bios", ToolInstaller.OvmfFirmware, "-drive", $"file={image},if=none,id=d0,format=raw", "-device", device);
            machine.WaitForPrompt();
            DriverShell.WaitFor(machine, "blk0", "Running", 1, TimeSpan.FromSeconds(30));

            Assert.That(Regex.Match(machine.Command("blk"), @"(?m)^blk0 .* transport=""([^""]*)""").Groups[1].Value, Is.EqualTo("modern msi-x"));
            Assert.That(Regex.IsMatch(machine.Command("pci"), @"(?m)^pci 00:04\.0 .*bar4=mem64:0x[1-9a-f][0-9a-f]{8,}:"), Is.True,
                "the firmware put BAR 4 above 4 GiB:\n" + machine.Command("pci"));
            Assert.That(machine.Command("blk write blk0 8 under-uefi 16").Trim(), Is.EqualTo("written: 16 sectors at 8"));
            Assert.That(machine.Command("inject blk0 throw").Trim(), Is.EqualTo("injected: throw into blk0 incarnation 1"));
            DriverShell.WaitFor(machine, "blk0", "Running", 2, TimeSpan.FromSeconds(30));
            Assert.That(machine.Command("blk verify blk0 8 16 under-uefi").Trim(), Is.EqualTo("verified: 16 sectors at 8"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
