using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// The edu driver on QEMU's edu device: bound at boot, Running with exactly
// its device's resources, and its functions give the device's answers.
[Category("qemu")]
public class EduDriverTests() : BootedOnce("-device", "edu")
{
    // After the boot (the base fixture's).
    [OneTimeSetUp]
    public void WaitUntilEduRuns() => DriverShell.WaitFor(Machine, "edu", "Running", 1, TimeSpan.FromSeconds(20));

    [Test]
    public void IsBoundAtBootAndRunningWithTheDevicesResources()
    {
        Assert.That(Machine.Output, Does.Match(@"driver edu bound to [0-9a-f]{2}:[0-9a-f]{2}\.\d 1234:11e8"));
        string drivers = Machine.Command("drivers");
        var fields = DriverShell.Fields(DriverShell.Line(drivers, "driver edu ")!);
        Assert.That((fields["ids"], fields["state"], fields["restarts"], fields["crashes"]), Is.EqualTo(("1234:11e8", "Running", "0", "0")));
        Assert.That(DriverShell.Line(drivers, "status edu "), Does.Contain("edu 1.0 on"), "probe read the identification register");

        string caps = Machine.Command("caps edu");
        var owner = DriverShell.Fields(DriverShell.Line(caps, "owner edu ")!);
        Assert.That((owner["generation"], owner["denials"], owner["violations"]), Is.EqualTo(("0", "0", "0")));
        var capLines = caps.Split('\n').Where(l => l.StartsWith("cap ")).ToList();
        Assert.That(capLines.Count(l => !l.StartsWith("cap dma_buffer ")), Is.EqualTo(3), "BAR 0, the interrupt, a DMA pool");
        Assert.That(capLines.Where(l => l.StartsWith("cap dma_buffer ")), Is.All.Contains("state=revoked"), "freed DMA buffers are revoked");
        var bar0 = Regex.Match(Machine.Command("pci"), @"1234:11e8.*").Value;
        Assert.That(caps, Does.Match(@"(?m)^cap mmio generation=0 state=valid rights=read,write what=""mmio 0x[0-9a-f]+\+0x100000 read,write""$"));
        Assert.That(caps, Does.Match(@"(?m)^cap irq generation=0 state=valid rights=wait,acknowledge what=""msi vector 0x[0-9a-f]{2} wait,acknowledge""$"),
            "edu has MSI (no MSI-X): the driver's interrupt is an MSI on a vector of its own");
        Assert.That(caps, Does.Match(@"(?m)^cap dma_pool generation=0 state=valid rights=read,write,allocate what=""dma pool 0/8192 bytes below 0x10000000"));
        string mmioBase = Regex.Match(caps, @"what=""mmio (0x[0-9a-f]+)\+").Groups[1].Value;
        Assert.That(bar0, Does.Contain(mmioBase.Substring(2)), "the MMIO grant is edu's BAR 0");
    }

    [Test]
    public void FactorialsPolledAndByInterrupt()
    {
        ulong expected = 24;
        for (ulong n = 5; n <= 12; n++)
        {
            expected *= n;
            Assert.That(Machine.Command($"edu factorial {n}").Trim(), Is.EqualTo($"factorial: {expected}"), $"{n}! polled");
            string byInterrupt = Machine.Command($"edu factorial {n} --irq");
            Assert.That(byInterrupt, Does.Contain($"factorial: {expected}\n"), $"{n}! by interrupt");
            Assert.That(byInterrupt, Does.Contain("interrupt_status: 0x1\n"), "the factorial interrupt (bit 0) arrived");
        }
    }

    [Test]
    public void EachInterruptIsOneMessageOnTheDriversVector()
    {
        string vector = Regex.Match(Machine.Command("caps edu"), @"what=""msi vector (0x[0-9a-f]{2}) ").Groups[1].Value;
        Assert.That(Convert.ToInt32(vector, 16), Is.InRange(0x70, 0xCF), "a message vector, above the IRQ lines' 48-111");
        ulong Count() => ulong.Parse(Regex.Match(Machine.Command("irq"), $@"(?m)^msi_vector {vector} count=(\d+)").Groups[1].Value);
        ulong before = Count();
        Machine.Command("edu factorial 7 --irq");
        Assert.That(Count(), Is.EqualTo(before + 1), "the factorial interrupt");
        Machine.Command("edu dma 64");
        Assert.That(Count(), Is.EqualTo(before + 3), "one message per DMA transfer, to the device and back");
        string line = Regex.Match(Regex.Match(Machine.Command("pci"), @"1234:11e8.*").Value, @"irq_line=(\d+)").Groups[1].Value;
        Assert.That(Machine.Command("irq"), Does.Not.Match($@"(?m)^irq {line} .*handlers=[1-9]"), $"nothing is attached to edu's INTx line {line}");
    }

    [TestCase(1)]
    [TestCase(512)]
    [TestCase(4095)]
    public void DmaRoundTripBringsTheDataBack(int bytes)
    {
        string answer = Machine.Command($"edu dma {bytes}");
        var values = answer.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(": "))
            .Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.That(values["dma_equal"], Is.EqualTo(bytes.ToString()), answer);
        Assert.That(values["dma_sum"], Is.EqualTo(values["expected_sum"]), answer);
        Assert.That(values["interrupt_status"], Is.EqualTo("0x100"), "the DMA interrupt (bit 8) arrived");
    }

    [TestCase("edu factorial 13", "error: factorial of 13: n must be 0-12 (13! does not fit 32 bits)")]
    [TestCase("edu dma 0", "error: dma of 0 bytes: 1-4095 (the device's buffer)")]
    [TestCase("edu dma 4096", "error: dma of 4096 bytes: 1-4095 (the device's buffer)")]
    [TestCase("edu dma x", "error: 'x' is not a number")]
    [TestCase("edu spin 3", "error: unknown edu operation 'spin'")]
    [TestCase("caps nosuch", "error: no driver named 'nosuch'")]
    [TestCase("inject edu melt", "error: unknown kind 'melt'")]
    public void BadRequestsGetAClearError(string command, string expected)
    {
        Assert.That(Machine.Command(command), Does.StartWith(expected));
        Assert.That(DriverShell.Fields(DriverShell.Line(Machine.Command("drivers"), "driver edu ")!)["state"], Is.EqualTo("Running"),
            "a refused request does not hurt the driver");
    }
}
