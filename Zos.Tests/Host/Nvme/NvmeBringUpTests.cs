using Zos.Drivers.Nvme;

namespace Zos.Tests.Host.Nvme;

// Taking a controller over and enabling it (NVMe 1.4, 7.6.1), and the
// creation of an I/O queue pair, against the simulated controller.
public class NvmeBringUpTests
{
    [Test]
    public void AControllerTheFirmwareLeftEnabledIsDisabledBeforeItsAdminQueueIsReplaced()
    {
        var rig = new NvmeRig();
        rig.Sim.LeaveEnabledByFirmware(0x7000, 0x8000);

        Assert.That(rig.BringUp(), Is.Null);

        Assert.That(rig.Sim.Resets, Is.EqualTo(1), "CC.EN was cleared once");
        rig.AssertNoViolations();
        Assert.That(rig.Sim.SubmissionQueues[0].Ring, Is.EqualTo(rig.Engine.Admin.SubmissionQueueAddress), "the driver's admin queue, not the BIOS's");
        Assert.That(rig.Sim.Ready, Is.True);
    }

    [Test]
    public void EnablingSetsTheEntrySizesQemuNeedsElseItReportsAFatalStatus()
    {
        var rig = new NvmeRig();

        Assert.That(rig.BringUp(), Is.Null);

        // CC: EN (0), MPS 0 (10:7, 4 KiB), IOSQES 6 (19:16), IOCQES 4 (23:20).
        Assert.That(rig.Sim.Configuration, Is.EqualTo(0x0046_0001u));
        Assert.That((rig.Sim.Ready, rig.Sim.Fatal), Is.EqualTo((true, false)));
        // AQA: 31 (0-based) in both halves; ASQ/ACQ page aligned.
        Assert.That(rig.Sim.SubmissionQueues[0].Entries, Is.EqualTo(32));
        Assert.That(rig.Sim.CompletionQueues[0].Entries, Is.EqualTo(32));
        rig.AssertNoViolations();
    }

    [Test]
    public void ReadinessIsAwaitedAsLongAsCapTimeoutAllows()
    {
        var rig = new NvmeRig();
        rig.Sim.ReadyMilliseconds = 7000;

        Assert.That(rig.BringUp(), Is.Null);

        Assert.That(rig.Delay.TotalMilliseconds, Is.InRange(7000, 7100), "waited for RDY, within CAP.TO (7.5 s)");
    }

    [Test]
    public void AControllerThatNeverBecomesReadyFailsBringUpAfterCapTimeout()
    {
        var rig = new NvmeRig();
        rig.Sim.ReadyNeverSet = true;

        string? problem = rig.BringUp();

        Assert.That(problem, Is.EqualTo("CSTS.RDY still 0 7500 ms after CC.EN was set (CAP.TO; CSTS 0x0)"));
        Assert.That(rig.Delay.TotalMilliseconds, Is.InRange(7500, 7510), "gave up at CAP.TO, not before and not much later");
    }

    [Test]
    public void AControllerThatFailsWhileBeingEnabledEndsTheWaitWithItsStatus()
    {
        var rig = new NvmeRig();
        rig.Sim.ReadyNeverSet = true;
        // 3.1.6: CSTS.CFS instead of RDY, 100 ms after CC.EN.
        rig.Sim.FailsAt = 100;

        Assert.That(rig.BringUp(), Is.EqualTo("the controller failed (CSTS.CFS, CSTS 0x2) instead of becoming ready"));
        Assert.That(rig.Delay.TotalMilliseconds, Is.InRange(99, 101), "not the full CAP.TO");
    }

    [Test]
    public void AControllerThatStaysReadyAfterBeingDisabledFailsBringUpAfterCapTimeout()
    {
        var rig = new NvmeRig();
        rig.Sim.LeaveEnabledByFirmware(0x7000, 0x8000);
        // RDY follows EN only after 8 s, beyond CAP.TO's 7.5 s.
        rig.Sim.ReadyMilliseconds = 8000;

        Assert.That(rig.BringUp(), Is.EqualTo("CSTS.RDY still 1 7500 ms after CC.EN was cleared (CAP.TO; CSTS 0x1)"));
        Assert.That(rig.Sim.Configuration & 0x1, Is.EqualTo(0u), "CC.EN was cleared");
    }

    [Test]
    public void AControllerThatIsGoneIsReportedAsNotAnsweringWhenReset()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        rig.Sim.Removed = true;
        long before = rig.Delay.TotalMilliseconds;

        Assert.That(rig.Engine.Reset(), Is.EqualTo("CSTS reads all ones: the controller no longer answers"));
        Assert.That(rig.Delay.TotalMilliseconds, Is.EqualTo(before), "no waiting for a controller that is not there");
        Assert.That(rig.Engine.IsFatal, Is.True, "all ones read as CSTS.CFS set");
    }

    [Test]
    public void AResetEmptiesTheAdminQueueAndEnablesTheControllerAgain()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        rig.Identify(0x01, 0);
        rig.Sim.HoldAdmin = true;
        rig.Engine.Admin.Submit(NvmeAdminCommands.Abort(1, 0));
        rig.Engine.Admin.RingSubmissionDoorbell();

        Assert.That(rig.Engine.Reset(), Is.Null);

        Assert.That((rig.Sim.Resets, rig.Sim.Ready, rig.Engine.Admin.InFlight), Is.EqualTo((1, true, 0)));
        rig.Sim.HoldAdmin = false;
        byte[] identity = rig.Identify(0x01, 0);
        Assert.That(NvmeIdentifyController.Parse(identity, out _), Is.Null, "the admin queue works from its start again");
        rig.AssertNoViolations();
    }

    [Test]
    public void AControllerWithoutTheNvmCommandSetIsRefused()
    {
        var rig = new NvmeRig(cap: SimulatedNvmeController.QemuCap & ~(1UL << 37));

        Assert.That(rig.BringUp(), Is.EqualTo("CAP.CSS 0xc0 lacks the NVM command set"));
        Assert.That(rig.Sim.Configuration, Is.EqualTo(0u), "nothing was written");
    }

    [Test]
    public void DoorbellsBeyondTheGrantedRegistersAreRefusedBeforeAnyIsWritten()
    {
        // DSTRD 9: doorbells 2 KiB apart; queue 1's completion doorbell at 0x1000 + 3 * 2048 lies past 0x2000.
        var rig = new NvmeRig(cap: SimulatedNvmeController.QemuCap | 9UL << 32);

        Assert.That(rig.BringUp(), Is.EqualTo("the doorbells of queue 1 end at 0x2804, beyond the 0x2000 bytes of BAR 0 granted (CAP.DSTRD 9)"));
    }

    [Test]
    public void IdentifyControllerGivesWhatQemuReports()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();

        Assert.That(NvmeIdentifyController.Parse(rig.Identify(0x01, 0), out NvmeIdentifyController identity), Is.Null);

        Assert.That((identity.Serial, identity.Model, identity.Firmware), Is.EqualTo(("ZOSNVME", "QEMU NVMe Ctrl", "7.2")));
        Assert.That(identity.MaxTransferBytes(4096), Is.EqualTo(512 * 1024), "MDTS 7 of 4 KiB pages");
        Assert.That((identity.HasWriteZeroes, identity.HasDatasetManagement, identity.VolatileWriteCache), Is.EqualTo((true, true, true)));
        Assert.That(identity.NamespaceCount, Is.EqualTo(256u));
    }

    // Figure 247: SQES and CQES give the required (3:0) and the largest (7:4) entry size as powers of two.
    [TestCase((byte)0x77, (byte)0x44, "the controller cannot take 64-byte submission queue entries (SQES 0x77)")]
    [TestCase((byte)0x55, (byte)0x44, "the controller cannot take 64-byte submission queue entries (SQES 0x55)")]
    [TestCase((byte)0x66, (byte)0x33, "the controller cannot post 16-byte completion queue entries (CQES 0x33)")]
    [TestCase((byte)0x66, (byte)0x55, "the controller cannot post 16-byte completion queue entries (CQES 0x55)")]
    [TestCase((byte)0x76, (byte)0x54, null)]
    [TestCase((byte)0x65, (byte)0x43, null)]
    public void AControllerWhoseEntriesAreNot64And16BytesIsRefused(byte sqes, byte cqes, string? reason)
    {
        var rig = new NvmeRig();
        rig.Sim.SubmissionEntrySizes = sqes;
        rig.Sim.CompletionEntrySizes = cqes;
        rig.BringUpCleanly();

        Assert.That(NvmeIdentifyController.Parse(rig.Identify(0x01, 0), out _), Is.EqualTo(reason));
    }

    [Test]
    public void AnIoQueuePairIsCreatedOnItsOwnVectorAfterTheQueueCountIsSet()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();

        NvmeQueuePair io = rig.CreateIoQueues(entries: 256, vector: 1);

        Assert.That(rig.Sim.Fetched.Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x09, 0x05, 0x01 }),
            "Set Features, Create I/O Completion Queue, Create I/O Submission Queue");
        SimulatedNvmeQueue completions = rig.Sim.CompletionQueues[1], submissions = rig.Sim.SubmissionQueues[1];
        Assert.That((completions.Entries, completions.Vector, completions.InterruptsEnabled, completions.Ring), Is.EqualTo((256, 1, true, io.CompletionQueueAddress)));
        Assert.That((submissions.Entries, submissions.CompletionQueueId, submissions.Ring), Is.EqualTo((256, 1, io.SubmissionQueueAddress)));
        rig.AssertNoViolations();
    }

    // 5.21.1.7: the counts allocated come back 0-based in DW0, submission queues in 15:0, completion queues in 31:16.
    [TestCase(1, 2, "the controller allocated 1 submission and 2 completion queues; I/O queue 2 needs as many")]
    [TestCase(2, 1, "the controller allocated 2 submission and 1 completion queues; I/O queue 2 needs as many")]
    [TestCase(2, 2, null)]
    public void AnIoQueueIsCreatedOnlyWhenTheControllerAllocatesQueuesUpToItsId(int submissionQueues, int completionQueues, string? problem)
    {
        var rig = new NvmeRig();
        rig.Sim.MaxIoSubmissionQueues = submissionQueues;
        rig.Sim.MaxIoCompletionQueues = completionQueues;
        rig.BringUpCleanly();
        var io = new NvmeQueuePair(rig.Bar, rig.Engine.Capabilities, 2, rig.Allocate(64 * 64), rig.Allocate(64 * 16), 64);

        Assert.That(rig.Engine.CreateIoQueues(io, 2), Is.EqualTo(problem));

        Assert.That(rig.Sim.Fetched[0].Dword11, Is.EqualTo(0x0001_0001u), "NSQR and NCQR 1, 0-based: two of each asked for");
        Assert.That(rig.Sim.SubmissionQueues.ContainsKey(2), Is.EqualTo(problem is null));
        rig.AssertNoViolations();
    }

    [Test]
    public void AnIoQueueWhoseCompletionQueueIsRefusedIsNotCreated()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        var io = new NvmeQueuePair(rig.Bar, rig.Engine.Capabilities, 1, rig.Allocate(64 * 64), rig.Allocate(64 * 16), 64);

        // Vector 70 is beyond the controller's 65 MSI-X vectors.
        Assert.That(rig.Engine.CreateIoQueues(io, 70), Is.EqualTo("Create I/O Completion Queue failed: invalid interrupt vector (SCT 1h, SC 08h), do not retry"));
        Assert.That(rig.Sim.Fetched.Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x09, 0x05 }), "no submission queue without its completion queue");
    }

    [Test]
    public void ASecondQueueCountAfterIoQueuesExistIsRefusedAndNothingMoreIsSent()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();
        rig.CreateIoQueues();
        rig.Sim.Fetched.Clear();
        var second = new NvmeQueuePair(rig.Bar, rig.Engine.Capabilities, 2, rig.Allocate(64 * 64), rig.Allocate(64 * 16), 64);

        // 5.21.1.7: Number of Queues once I/O queues exist is a Command Sequence Error.
        Assert.That(rig.Engine.CreateIoQueues(second, 2), Is.EqualTo("Set Features failed: command sequence error (SCT 0h, SC 0ch), do not retry"));
        Assert.That(rig.Sim.Fetched.Select(command => command.Opcode), Is.EqualTo(new byte[] { 0x09 }));
    }

    [Test]
    public void AnAdminCommandTheControllerRefusesIsNamedWithItsStatus()
    {
        var rig = new NvmeRig();
        rig.BringUpCleanly();

        // CNS 0 for a namespace that does not exist.
        string? problem = rig.Engine.Execute(NvmeAdminCommands.Identify(0x00, 7, rig.Allocate(4096).DeviceAddress), out NvmeCompletion completion);

        Assert.That(problem, Is.EqualTo("Identify failed: invalid namespace or format (SCT 0h, SC 0bh), do not retry"));
        Assert.That(completion.Succeeded, Is.False);
    }

    [Test]
    public void TheActiveNamespaceListNamesEachNamespaceInOrder()
    {
        var rig = new NvmeRig();
        rig.Sim.AddNamespace(2, 100);
        rig.Sim.AddNamespace(1, 100);
        rig.Sim.AddNamespace(9, 100);
        rig.BringUpCleanly();

        byte[] list = rig.Identify(0x02, 0);

        Assert.That(Enumerable.Range(0, 4).Select(i => BitConverter.ToUInt32(list, 4 * i)), Is.EqualTo(new uint[] { 1, 2, 9, 0 }));
    }

    [Test]
    public void ANamespaceIsDescribedInTheLbaFormatItUses()
    {
        var rig = new NvmeRig();
        SimulatedNvmeNamespace space = rig.Sim.AddNamespace(1, 1000, blockBytes: 4096);
        space.FormatCount = 4;
        space.FormatIndex = 2;
        rig.BringUpCleanly();

        Assert.That(NvmeIdentifyNamespace.Parse(1, rig.Identify(0x00, 1), out NvmeIdentifyNamespace identity), Is.Null);

        Assert.That((identity.Id, identity.Blocks, identity.BlockBytes, identity.FormatIndex), Is.EqualTo((1u, 1000UL, 4096, 2)));
    }

    [Test]
    public void TheLargestBlocksThisDriverServesAre64KiB()
    {
        var rig = new NvmeRig();
        rig.Sim.AddNamespace(1, 4, blockBytes: 65536);
        rig.BringUpCleanly();

        Assert.That(NvmeIdentifyNamespace.Parse(1, rig.Identify(0x00, 1), out NvmeIdentifyNamespace identity), Is.Null);
        Assert.That(identity.BlockBytes, Is.EqualTo(65536));
    }

    [Test]
    public void IdentifyDataThatIsNotOnePageOrIsAllZerosIsRefused()
    {
        Assert.That(NvmeIdentifyController.Parse(new byte[512], out _), Is.EqualTo("Identify Controller data of 512 bytes, not 4096"));
        Assert.That(NvmeIdentifyController.Parse(new byte[4096], out _), Is.EqualTo("Identify Controller data is all zeros (nothing was transferred)"));
        Assert.That(NvmeIdentifyNamespace.Parse(3, new byte[512], out _), Is.EqualTo("namespace 3: Identify Namespace data of 512 bytes, not 4096"));
    }

    // MDTS (figure 247) in units of CAP.MPSMIN's page; 0 is no limit; beyond int the limit is int.MaxValue.
    [TestCase((byte)0, int.MaxValue)]
    [TestCase((byte)1, 8192)]
    [TestCase((byte)18, 1 << 30)]
    [TestCase((byte)19, int.MaxValue)]
    [TestCase((byte)30, int.MaxValue)]
    public void MdtsGivesTheLargestTransfer(byte mdts, int bytes)
    {
        var rig = new NvmeRig();
        rig.Sim.Mdts = mdts;
        rig.BringUpCleanly();

        Assert.That(NvmeIdentifyController.Parse(rig.Identify(0x01, 0), out NvmeIdentifyController identity), Is.Null);
        Assert.That(identity.MaxTransferBytes(4096), Is.EqualTo(bytes));
    }

    [Test]
    public void NamespacesThisDriverCannotServeAreRefusedWithTheReason()
    {
        var rig = new NvmeRig();
        rig.Sim.AddNamespace(1, 100).MetadataBytes = 8;
        rig.Sim.AddNamespace(2, 100).FormatUnavailable = true;
        rig.Sim.AddNamespace(3, 100).ProtectionType = 1;
        rig.Sim.AddNamespace(4, 100).FormatIndex = 3;
        rig.Sim.AddNamespace(5, 0);
        rig.Sim.AddNamespace(6, 100).FormatIndex = 1;
        rig.Sim.AddNamespace(7, 4, blockBytes: 128 * 1024);
        rig.Sim.AddNamespace(8, 100, blockBytes: 256);
        rig.BringUpCleanly();

        string?[] reasons = Enumerable.Range(1, 8).Select(id => NvmeIdentifyNamespace.Parse((uint)id, rig.Identify(0x00, (uint)id), out _)).ToArray();

        Assert.That(reasons, Is.EqualTo(new[]
        {
            "namespace 1's LBA format 0 carries 8 bytes of metadata per block, which this driver does not handle",
            "namespace 2's LBA format 0 is not available (LBADS 0)",
            "namespace 3 has end-to-end protection type 1 enabled, which this driver does not handle",
            "namespace 4 is formatted with LBA format 3, but it has only 1 (NLBAF)",
            "namespace 5 has no blocks (NSZE 0: inactive)",
            "namespace 6 is formatted with LBA format 1, but it has only 1 (NLBAF)",
            "namespace 7's LBA format 0 has blocks of 2^17 bytes; this driver serves 512 to 65536",
            "namespace 8's LBA format 0 has blocks of 2^8 bytes; this driver serves 512 to 65536",
        }));
    }
}
