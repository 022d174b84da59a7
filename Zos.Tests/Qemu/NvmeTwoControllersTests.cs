namespace Zos.Tests.Qemu;

// Two NVMe controllers: two driver instances, each with its own namespaces
// and its own restarts; a crash of one replays its requests to its own
// controller and leaves the other alone.
[Category("qemu")]
public class NvmeTwoControllersTests
{
    private const int Sector = 512;

    [Test]
    public void TwoControllersEachKeepTheirOwnNamespacesAndCrashes()
    {
        string directory = Directory.CreateTempSubdirectory("zos-nvme2-").FullName;
        try
        {
            var arguments = new List<string> { "-trace", "pci_nvme_err*" };
            for (int controller = 0; controller < 2; controller++)
            {
                string image = Path.Combine(directory, $"ctrl{controller}.img");
                File.WriteAllBytes(image, new byte[(1024 + 512 * controller) * Sector]);
                arguments.AddRange(new[] { "-drive", $"file={image},if=none,id=d{controller},format=raw",
                    "-device", $"nvme,serial=ZOS-CTRL-{controller},drive=d{controller}" });
            }
            using var machine = ZosMachine.Start(arguments.ToArray());
            machine.WaitForPrompt();
            DriverShell.WaitFor(machine, "nvme0", "Running", 1, TimeSpan.FromSeconds(30));
            DriverShell.WaitFor(machine, "nvme1", "Running", 1, TimeSpan.FromSeconds(30));

            string list = machine.Command("blk");
            for (int controller = 0; controller < 2; controller++)
            {
                var device = DriverShell.Device(list, $"nvme{controller}n1");
                Assert.That((device["controller"], device["serial"], device["sectors"]),
                    Is.EqualTo(($"nvme{controller}", $"ZOS-CTRL-{controller}", (1024 + 512 * controller).ToString())), list);
            }
            for (int controller = 0; controller < 2; controller++)
                Assert.That(machine.Command($"blk write nvme{controller}n1 16 controller-{controller} 32").Trim(), Is.EqualTo("written: 32 sectors at 16"));
            Assert.That(machine.Command("inject nvme1 throw").Trim(), Is.EqualTo("injected: throw into nvme1 incarnation 1"));
            DriverShell.WaitFor(machine, "nvme1", "Running", 2, TimeSpan.FromSeconds(20));
            for (int controller = 0; controller < 2; controller++)
                Assert.That(machine.Command($"blk verify nvme{controller}n1 16 32 controller-{controller}").Trim(), Is.EqualTo("verified: 32 sectors at 16"),
                    $"controller {controller} after nvme1's restart");
            var first = DriverShell.Fields(DriverShell.Line(machine.Command("drivers"), "driver nvme0 ")!);
            Assert.That((first["incarnation"], first["crashes"]), Is.EqualTo(("1", "0")), "nvme0 was not concerned");
            NvmeTests.AssertNoNvmeErrors(machine);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
