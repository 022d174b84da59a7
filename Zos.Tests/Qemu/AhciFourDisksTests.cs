namespace Zos.Tests.Qemu;

// An AHCI controller added to the `pc` machine (`-device ahci`) with four
// disks: four block devices on one driver instance, each with its own data,
// and a crash replays every disk's requests to its own port.
[Category("qemu")]
public class AhciFourDisksTests
{
    private const int Sector = 512;

    [Test]
    public void FourDisksOnOneControllerEachKeepTheirOwnData()
    {
        string directory = Directory.CreateTempSubdirectory("zos-ahci4-").FullName;
        try
        {
            var arguments = new List<string> { "-device", "ahci,id=sata" };
            for (int port = 0; port < 4; port++)
            {
                string image = Path.Combine(directory, $"disk{port}.img");
                File.WriteAllBytes(image, new byte[(1024 + 512 * port) * Sector]);
                arguments.AddRange(new[] { "-drive", $"file={image},if=none,id=d{port},format=raw", "-device", $"ide-hd,drive=d{port},bus=sata.{port}" });
            }
            using var machine = ZosMachine.Start(arguments.ToArray());
            machine.WaitForPrompt();
            DriverShell.WaitFor(machine, "ahci0", "Running", 1, TimeSpan.FromSeconds(30));

            string list = machine.Command("blk");
            for (int port = 0; port < 4; port++)
                Assert.That(DriverShell.Device(list, $"ahci0p{port}")["sectors"], Is.EqualTo((1024 + 512 * port).ToString()), list);
            for (int port = 0; port < 4; port++)
                Assert.That(machine.Command($"blk write ahci0p{port} 16 disk-{port} 32").Trim(), Is.EqualTo("written: 32 sectors at 16"));
            Assert.That(machine.Command("inject ahci0 throw").Trim(), Is.EqualTo("injected: throw into ahci0 incarnation 1"));
            DriverShell.WaitFor(machine, "ahci0", "Running", 2, TimeSpan.FromSeconds(20));
            for (int port = 0; port < 4; port++)
                Assert.That(machine.Command($"blk verify ahci0p{port} 16 32 disk-{port}").Trim(), Is.EqualTo("verified: 32 sectors at 16"),
                    $"port {port} after the restart");
            AhciTests.AssertNoAhciWarnings(machine);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
