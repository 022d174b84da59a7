using Zos.Drivers.Nvme;

namespace Zos.Tests.Host.Nvme;

// CAP (NVMe 1.4, 3.1.1: MQES 15:0, TO 31:24, DSTRD 35:32, CSS 44:37,
// MPSMIN 51:48, MPSMAX 55:52) and VS (3.1.2: MJR 31:16, MNR 15:8, TER 7:0)
// as the driver reads them from the simulated controller's BAR 0.
public class NvmeControllerCapabilitiesTests
{
    [Test]
    public void QemusCapabilitiesAreDecodedFieldByField()
    {
        NvmeControllerCapabilities capabilities = Read(SimulatedNvmeController.QemuCap, 0x00010400);

        Assert.That(capabilities.MaxQueueEntries, Is.EqualTo(2048), "MQES 2047, 0-based");
        Assert.That(capabilities.ReadyTimeoutMilliseconds, Is.EqualTo(7500), "TO 15 in 500 ms units");
        Assert.That(capabilities.DoorbellStrideBytes, Is.EqualTo(4), "DSTRD 0");
        Assert.That(capabilities.HasNvmCommandSet, Is.True);
        Assert.That((capabilities.MinPageBytes, capabilities.MaxPageBytes), Is.EqualTo((4096, 65536)), "MPSMIN 0, MPSMAX 4");
        Assert.That((capabilities.VersionText, capabilities.HasActiveNamespaceList), Is.EqualTo(("1.4", true)));
    }

    [TestCase(0x00010000u, "1.0", false)]
    [TestCase(0x00010100u, "1.1", true)]    // 5.15.1: CNS 02h came with 1.1
    [TestCase(0x00010201u, "1.2.1", true)]
    [TestCase(0x00020000u, "2.0", true)]
    public void TheVersionIsShownWithItsTertiaryNumberAndTellsWhetherTheActiveNamespaceListExists(uint version, string text, bool list)
    {
        NvmeControllerCapabilities capabilities = Read(SimulatedNvmeController.QemuCap, version);

        Assert.That((capabilities.VersionText, capabilities.HasActiveNamespaceList), Is.EqualTo((text, list)));
    }

    // TO 0 would be no time at all: the driver waits one unit.
    [TestCase(0UL, 500)]
    [TestCase(1UL, 500)]
    [TestCase(2UL, 1000)]
    [TestCase(0xFFUL, 127500)]
    public void ReadinessIsAwaitedForCapTimeoutInHalfSecondUnits(ulong timeout, int milliseconds)
    {
        var rig = new NvmeRig(cap: SimulatedNvmeController.QemuCap & ~(0xFFUL << 24) | timeout << 24);
        rig.Sim.ReadyNeverSet = true;

        Assert.That(rig.BringUp(), Is.EqualTo($"CSTS.RDY still 0 {milliseconds} ms after CC.EN was set (CAP.TO; CSTS 0x0)"));
        Assert.That(rig.Delay.TotalMilliseconds, Is.EqualTo(milliseconds), "polled every millisecond up to CAP.TO, not one more");
    }

    [TestCase(1UL, 8)]
    [TestCase(3UL, 32)]
    public void DoorbellsAreSpacedByTheStrideCapGives(ulong stride, int bytes)
    {
        var rig = new NvmeRig(cap: SimulatedNvmeController.QemuCap | stride << 32);
        rig.BringUpCleanly();
        NvmeQueuePair io = rig.CreateIoQueues();

        // 3.1.24 and 3.1.25: SQyTDBL at 1000h + (2y)(4 << DSTRD), CQyHDBL one stride later.
        Assert.That((rig.Engine.Capabilities.SubmissionDoorbell(1), rig.Engine.Capabilities.CompletionDoorbell(1)),
            Is.EqualTo((0x1000UL + 2UL * (ulong)bytes, 0x1000UL + 3UL * (ulong)bytes)));
        Assert.That(rig.Sim.SubmissionQueues.ContainsKey(io.Id), Is.True);
        rig.AssertNoViolations();
    }

    [TestCase(0x0UL, 0x0UL, null)]
    [TestCase(0x1UL, 0x4UL, "the controller's memory pages are 8192 to 65536 bytes; this driver uses 4096")]
    [TestCase(0x2UL, 0x2UL, "the controller's memory pages are 16384 to 16384 bytes; this driver uses 4096")]
    public void AControllerWhosePagesCannotBe4KiBIsRefused(ulong mpsMin, ulong mpsMax, string? problem)
    {
        ulong cap = SimulatedNvmeController.QemuCap & ~(0xFFUL << 48) | mpsMin << 48 | mpsMax << 52;

        Assert.That(new NvmeRig(cap: cap).Engine.ReadCapabilities(1), Is.EqualTo(problem));
    }

    [Test]
    public void ABarThatReadsAllOnesHasNoController()
    {
        var rig = new NvmeRig(cap: ulong.MaxValue);

        Assert.That(rig.BringUp(), Is.EqualTo("CAP reads all ones: no controller answers in BAR 0"));
        Assert.That(rig.Sim.Configuration, Is.EqualTo(0u), "nothing was written");
    }

    // With DSTRD 0 queue 511's completion doorbell is the last dword below 2000h, where the grant ends.
    [TestCase(511, null)]
    [TestCase(512, "the doorbells of queue 512 end at 0x2008, beyond the 0x2000 bytes of BAR 0 granted (CAP.DSTRD 0)")]
    public void QueuesAreAcceptedWhileTheirDoorbellsLieInsideTheGrant(int queues, string? problem) =>
        Assert.That(new NvmeRig().Engine.ReadCapabilities(queues), Is.EqualTo(problem));

    private static NvmeControllerCapabilities Read(ulong cap, uint version)
    {
        var rig = new NvmeRig(cap, version);
        Assert.That(rig.Engine.ReadCapabilities(1), Is.Null);
        return rig.Engine.Capabilities;
    }
}
