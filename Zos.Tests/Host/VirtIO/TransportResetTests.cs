using Zos.Drivers.VirtIO;

namespace Zos.Tests.Host.VirtIO;

// VirtioTransport.Reset: write 0, then poll until the device reads 0 (virtio
// 1.2, 2.4.1), through either PCI interface; a device that never gets there
// is reported, not waited for forever.
public class TransportResetTests
{
    private static TransportSimulatedDevice NewDevice() => new(VirtioFeature.Version1, 0x10, 128);

    private static TransportBench Bench(string kind) =>
        kind == "modern" ? TransportBench.Modern(NewDevice()) : TransportBench.Legacy(NewDevice());

    [TestCase("modern")]
    [TestCase("legacy")]
    public void ASlowResetIsPolledUntilTheStatusReadsZero(string kind)
    {
        TransportBench bench = Bench(kind);
        VirtioTransport transport = bench.Open();
        bench.Device.Status = 1 | 2 | 4;   // ACKNOWLEDGE | DRIVER | DRIVER_OK
        bench.Device.ResetReads = 5;

        Assert.That(transport.Reset(), Is.Null);

        Assert.That(bench.Device.StatusReads, Is.EqualTo(6), "five reads of the old status, then the 0 that ends the wait");
        Assert.That(bench.Device.Resets, Is.EqualTo(1));
    }

    [TestCase("modern")]
    [TestCase("legacy")]
    public void ADeviceThatNeverResetsIsReportedAfterAMillionPolls(string kind)
    {
        TransportBench bench = Bench(kind);
        bench.Memory.Logging = bench.Ports.Logging = false;
        VirtioTransport transport = bench.Open();
        bench.Device.Status = 1 | 64;   // ACKNOWLEDGE | DEVICE_NEEDS_RESET
        bench.Device.ResetReads = int.MaxValue;

        string? error = transport.Reset();

        Assert.That(error, Is.EqualTo(kind + " virtio device still reads status 0x41 after a reset"));
        Assert.That(bench.Device.StatusReads, Is.EqualTo(1_000_000 + 1), "a million polls, then the read the report names");
    }
}
