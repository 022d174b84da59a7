using Zos.Drivers.Nvme;
using Zos.Hal.Drivers.Block;

namespace Zos.Tests.Host.Nvme;

// What a request's client reads when the controller fails its command: the
// command, namespace and first LBA, the status's meaning as NVMe 1.4 names it
// (4.6.1.2, figures 126-130), its SCT and SC, and the block status it maps to.
public class NvmeFailedCommandTextTests
{
    // Every status here carries DNR (bit 14), so the first try is the last.
    private const ushort DoNotRetry = 0x4000;

    // Figure 126/127: generic command status (SCT 0).
    [TestCase(0, 0x01, "invalid command opcode", BlockStatus.Unsupported)]
    [TestCase(0, 0x02, "invalid field in command", BlockStatus.IoError)]
    [TestCase(0, 0x03, "command id conflict", BlockStatus.IoError)]
    [TestCase(0, 0x04, "data transfer error", BlockStatus.IoError)]
    [TestCase(0, 0x05, "aborted: power loss", BlockStatus.IoError)]
    [TestCase(0, 0x06, "internal error", BlockStatus.IoError)]
    [TestCase(0, 0x07, "aborted as requested", BlockStatus.IoError)]
    [TestCase(0, 0x08, "aborted: submission queue deleted", BlockStatus.IoError)]
    [TestCase(0, 0x0B, "invalid namespace or format", BlockStatus.IoError)]
    [TestCase(0, 0x0C, "command sequence error", BlockStatus.IoError)]
    [TestCase(0, 0x13, "PRP offset invalid", BlockStatus.IoError)]
    [TestCase(0, 0x15, "operation denied", BlockStatus.IoError)]
    [TestCase(0, 0x20, "namespace write protected", BlockStatus.ReadOnly)]
    [TestCase(0, 0x21, "command interrupted", BlockStatus.IoError)]
    [TestCase(0, 0x80, "LBA out of range", BlockStatus.OutOfRange)]
    [TestCase(0, 0x81, "capacity exceeded", BlockStatus.IoError)]
    [TestCase(0, 0x82, "namespace not ready", BlockStatus.IoError)]
    // Figures 128 and 129: command specific status (SCT 1), admin then NVM command set.
    [TestCase(1, 0x00, "completion queue invalid", BlockStatus.IoError)]
    [TestCase(1, 0x01, "invalid queue identifier", BlockStatus.IoError)]
    [TestCase(1, 0x02, "invalid queue size", BlockStatus.IoError)]
    [TestCase(1, 0x03, "abort command limit exceeded", BlockStatus.IoError)]
    [TestCase(1, 0x08, "invalid interrupt vector", BlockStatus.IoError)]
    [TestCase(1, 0x0D, "feature identifier not saveable", BlockStatus.IoError)]
    [TestCase(1, 0x0E, "feature not changeable", BlockStatus.IoError)]
    [TestCase(1, 0x80, "conflicting attributes", BlockStatus.IoError)]
    [TestCase(1, 0x82, "write to a read-only range", BlockStatus.ReadOnly)]
    // Figure 130: media and data integrity errors (SCT 2).
    [TestCase(2, 0x80, "write fault", BlockStatus.IoError)]
    [TestCase(2, 0x81, "unrecovered read error", BlockStatus.IoError)]
    [TestCase(2, 0x82, "end-to-end guard check error", BlockStatus.IoError)]
    [TestCase(2, 0x83, "end-to-end application tag check error", BlockStatus.IoError)]
    [TestCase(2, 0x84, "end-to-end reference tag check error", BlockStatus.IoError)]
    [TestCase(2, 0x85, "compare failure", BlockStatus.IoError)]
    [TestCase(2, 0x86, "access denied", BlockStatus.IoError)]
    [TestCase(2, 0x87, "deallocated or unwritten logical block", BlockStatus.IoError)]
    // 4.6.1.2: path related status (SCT 3) and vendor specific (SCT 7), named by their type alone.
    [TestCase(3, 0x00, "path error", BlockStatus.IoError)]
    [TestCase(3, 0x71, "path error", BlockStatus.IoError)]
    [TestCase(7, 0x80, "vendor specific", BlockStatus.IoError)]
    // Codes this driver has no name for, and a reserved SCT: the numbers alone.
    [TestCase(0, 0xC4, "status", BlockStatus.IoError)]
    [TestCase(1, 0x06, "status", BlockStatus.IoError)]
    [TestCase(2, 0x00, "status", BlockStatus.IoError)]
    [TestCase(4, 0x80, "status", BlockStatus.IoError)]
    public void AFailedReadNamesItsCommandLbaAndTheStatusMeaning(int type, int code, string meaning, BlockStatus status)
    {
        BlockDriverCompletion answer = ReadFailingWith((ushort)(DoNotRetry | type << 8 | code));

        Assert.That((answer.Status, answer.Error), Is.EqualTo((status,
            $"Read (namespace 1, LBA 40, 8 blocks) failed: {meaning} (SCT {type:x}h, SC {code:x2}h), do not retry")));
    }

    // Only SCT and SC decide the block status: the same SC under another type is another error.
    [TestCase(1, 0x80)]   // conflicting attributes, not LBA out of range
    [TestCase(1, 0x01)]   // invalid queue identifier, not invalid opcode
    [TestCase(1, 0x20)]
    [TestCase(0, 0x82)]   // namespace not ready, not a read-only range
    [TestCase(2, 0x80)]
    public void AStatusCodeIsMappedOnlyUnderItsOwnType(int type, int code) =>
        Assert.That(ReadFailingWith((ushort)(DoNotRetry | type << 8 | code)).Status, Is.EqualTo(BlockStatus.IoError));

    [Test]
    public void MoreInTheErrorLogIsSaid()
    {
        // M (bit 13): more status information in the Error Information log page.
        BlockDriverCompletion answer = ReadFailingWith(DoNotRetry | 0x2000 | 0x0286);

        Assert.That(answer.Error, Does.EndWith("access denied (SCT 2h, SC 86h), do not retry, more in the error log"));
    }

    [Test]
    public void AFailedWriteIsNamedAsAWrite()
    {
        var rig = new NvmeRequestsRig();

        BlockDriverCompletion answer = FailingWith(rig, rig.LentWrite(1, 40, new byte[8 * 512]), 44, DoNotRetry | 0x0280);

        Assert.That(answer.Error, Is.EqualTo("Write (namespace 1, LBA 40, 8 blocks) failed: write fault (SCT 2h, SC 80h), do not retry"));
    }

    [Test]
    public void ACommandOnLargerBlocksIsNamedInThoseBlocks()
    {
        var rig = new NvmeRequestsRig(sim => sim.AddNamespace(1, 100, blockBytes: 4096));

        // Sectors 40-47 are 4 KiB block 5.
        BlockDriverCompletion answer = FailingWith(rig, rig.LentRead(1, 40, 8), 5, DoNotRetry | 0x0281);

        Assert.That(answer.Error, Is.EqualTo("Read (namespace 1, LBA 5, 1 block) failed: unrecovered read error (SCT 2h, SC 81h), do not retry"));
    }

    // A read of 8 blocks at LBA 40 whose fifth block fails with `status`; its one answer.
    private static BlockDriverCompletion ReadFailingWith(ushort status)
    {
        var rig = new NvmeRequestsRig();
        return FailingWith(rig, rig.LentRead(1, 40, 8), 44, status);
    }

    // `request` (tag 1) carried out while block `lba` fails with `status`; its one answer.
    private static BlockDriverCompletion FailingWith(NvmeRequestsRig rig, BlockDriverRequest request, ulong lba, int status)
    {
        rig.Sim.Namespaces[1].StatusAt[lba] = (ushort)status;

        rig.Submit(request);
        rig.RunUntilIdle();

        Assert.That(rig.IoFetched, Has.Count.EqualTo(1), "DNR: not tried again");
        return rig.AnswerTo(1);
    }
}
