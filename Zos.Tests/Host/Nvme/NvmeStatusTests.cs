using Zos.Drivers.Nvme;

namespace Zos.Tests.Host.Nvme;

// The status field (NVMe 1.4, 4.6.1, figure 125) as text and as a retry decision.
public class NvmeStatusTests
{
    [TestCase((ushort)0x0281, "unrecovered read error (SCT 2h, SC 81h)")]
    [TestCase((ushort)0x4080, "LBA out of range (SCT 0h, SC 80h), do not retry")]
    [TestCase((ushort)0x2007, "aborted as requested (SCT 0h, SC 07h), more in the error log")]
    [TestCase((ushort)0x4108, "invalid interrupt vector (SCT 1h, SC 08h), do not retry")]
    [TestCase((ushort)0x0355, "path error (SCT 3h, SC 55h)")]
    [TestCase((ushort)0x00C4, "status (SCT 0h, SC c4h)")]
    public void AStatusIsNamedWithItsTypeCodeAndFlags(ushort status, string text) =>
        Assert.That(NvmeStatus.Describe(status), Is.EqualTo(text));

    [TestCase((ushort)0x0000, false)]
    [TestCase((ushort)0x0281, true)]
    [TestCase((ushort)0x4281, false)]
    [TestCase((ushort)0x0007, true)]
    [TestCase((ushort)0x1800, false)]   // CRD set, SC and SCT 0: success
    public void OnlyAFailureWithoutDoNotRetryIsRetried(ushort status, bool retryable) =>
        Assert.That(NvmeStatus.Retryable(status), Is.EqualTo(retryable));
}
