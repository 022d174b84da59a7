using Zos.Build;

namespace Zos.Tests.Qemu;

// The "done means": `kv open`, puts, QEMU killed (SIGKILL, no
// shutdown, no close), a new boot on the same image, `kv open`, and every
// acknowledged key is there with its value, deleted keys are gone, and the
// store checks clean. On virtio-blk, AHCI and NVMe.
[Category("qemu")]
[TestFixture(DiskController.VirtioBlk)]
[TestFixture(DiskController.Ahci)]
[TestFixture(DiskController.Nvme)]
public class KvKilledQemuTests(DiskController controller)
{
    [Test]
    public void EveryAcknowledgedKeyIsThereAfterQemuIsKilled()
    {
        using var disk = new KvDisk(controller);
        string device = disk.Device;
        var acknowledged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command($"kv format {device}"), Does.StartWith($"formatted: {device} ").And.Contain(" keys=0 "));
            for (int i = 0; i < 24; i++)
            {
                string key = $"key-{i:D2}", value = $"value-{i}-" + new string((char)('a' + i % 26), i * 7);
                Assert.That(machine.Command($"kv put {key} {value}").Trim(), Is.EqualTo($"put: {key} bytes={value.Length}"));
                acknowledged[key] = value;
            }
            Assert.That(machine.Command("kv batch put key-05 overwritten del key-07 put batch-a 1 put batch-b 2").Trim(), Is.EqualTo(
                "put: key-05 bytes=11\ndeleted: key-07\nput: batch-a bytes=1\nput: batch-b bytes=1\nbatch: 4 operations"));
            acknowledged["key-05"] = "overwritten";
            acknowledged.Remove("key-07");
            acknowledged["batch-a"] = "1";
            acknowledged["batch-b"] = "2";
            Assert.That(machine.Command("kv del key-11").Trim(), Is.EqualTo("deleted: key-11"));
            acknowledged.Remove("key-11");
        } // killed: Dispose sends SIGKILL to QEMU

        using (var machine = disk.Boot())
        {
            Assert.That(machine.Command($"kv open {device}"), Does.StartWith($"opened: {device} ").And.Contain($" keys={acknowledged.Count} "));
            foreach (var (key, value) in acknowledged)
                Assert.That(machine.Command($"kv get {key}").Trim(), Is.EqualTo($"value: {value}"), key);
            foreach (string gone in new[] { "key-07", "key-11" })
                Assert.That(machine.Command($"kv get {gone}").Trim(), Does.StartWith($"error: no key '{gone}' in {device}'s store"));
            string list = machine.Command("kv list");
            Assert.That(list.Trim().Split('\n').Where(l => l.StartsWith("key: ")).Select(l => l[5..].TrimEnd()), Is.EqualTo(acknowledged.Keys));
            Assert.That(machine.Command("kv check"), Does.EndWith("check: ok\n"));
        }
    }
}
