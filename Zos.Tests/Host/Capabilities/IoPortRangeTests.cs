using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

public class IoPortRangeTests
{
    [Test]
    public void ReadsAndWritesEveryWidthAtOffsetsFromTheBase()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0x10, 8, CapabilityRights.ReadWrite);
        bench.Ports.Set(0xC010, 0xAB);
        bench.Ports.Set(0xC012, 0xBEEF);
        bench.Ports.Set(0xC014, 0x1234_5678);

        Assert.That(ports.Base, Is.EqualTo(0xC010));
        Assert.That(ports.Read8(0), Is.EqualTo(0xAB));
        Assert.That(ports.Read16(2), Is.EqualTo(0xBEEF));
        Assert.That(ports.Read32(4), Is.EqualTo(0x1234_5678));
        ports.Write8(7, 0x5A);
        ports.Write16(6, 0x0102);
        ports.Write32(4, 0xCAFE_F00D);
        Assert.That(bench.Ports.Accesses, Is.EqualTo(new[]
        {
            "in8 0xc010 0xab", "in16 0xc012 0xbeef", "in32 0xc014 0x12345678",
            "out8 0xc017 0x5a", "out16 0xc016 0x102", "out32 0xc014 0xcafef00d",
        }));
    }

    [Test]
    public void StringFormsTransferThroughOnePort()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);
        bench.Ports.Set(0xC000, 0x1111);
        var words = new ushort[3];

        ports.ReadString16(0, words);
        ports.WriteString8(3, new byte[] { 1, 2 });
        ports.WriteString32(0, new uint[] { 7 });

        Assert.That(words, Is.EqualTo(new ushort[] { 0x1111, 0x1111, 0x1111 }));
        Assert.That(bench.Ports.Accesses, Is.EqualTo(new[]
        {
            "in16 0xc000 0x1111", "in16 0xc000 0x1111", "in16 0xc000 0x1111", "out8 0xc003 0x1", "out8 0xc003 0x2", "out32 0xc000 0x7",
        }));
    }

    [TestCase(-1, 1)]
    [TestCase(8, 1)]
    [TestCase(7, 2)]
    [TestCase(5, 4)]
    [TestCase(int.MaxValue, 4)]
    public void AnAccessOutsideTheRangeIsAViolationThatNeverReachesThePort(int offset, int width)
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0x10, 8, CapabilityRights.ReadWrite);

        CapabilityEvent violation = bench.AssertViolation(() =>
        {
            if (width == 1) ports.Read8(offset);
            else if (width == 2) ports.Write16(offset, 1);
            else ports.Read32(offset);
        }, ViolationReason.OutOfRange);

        Assert.That(violation.Owner, Is.SameAs(bench.Driver));
        Assert.That(violation.Capability, Is.SameAs(ports));
        Assert.That(violation.Address, Is.EqualTo((ulong)(long)(0xC010 + offset)));
    }

    [Test]
    public void WritingWithOnlyReadRightIsAViolation()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.Read);

        Assert.That(ports.Read8(0), Is.EqualTo(0xFF));
        bench.AssertViolation(() => ports.Write8(0, 1), ViolationReason.MissingRights);
        bench.AssertViolation(() => ports.WriteString16(0, new ushort[] { 1 }), ViolationReason.MissingRights);
    }

    [Test]
    public void ReadingWithOnlyWriteRightIsAViolation()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.Write);

        ports.Write32(0, 9);
        bench.AssertViolation(() => ports.Read16(0), ViolationReason.MissingRights);
        bench.AssertViolation(() => ports.ReadString32(0, new uint[2]), ViolationReason.MissingRights);
    }

    [Test]
    public void TheCheckedAccessPathAllocatesNothing()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);
        bench.Ports.Logging = false;
        // Warm up the very calls measured, so that the JIT's own first-call work is not counted.
        for (int i = 0; i < 100; i++) ports.Write8(i & 3, (byte)ports.Read8(0));
        for (int i = 0; i < 1000; i++) ports.Write16(i & 2, (ushort)(ports.Read32(0) + 1));

        // The JIT may still tier the methods up during a round (its work is counted
        // on this thread); a path that allocates does so in every round.
        var allocated = new List<long>();
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++) ports.Write16(i & 2, (ushort)(ports.Read32(0) + 1));
            allocated.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.That(allocated.Min(), Is.EqualTo(0), "bytes allocated per round: " + string.Join(", ", allocated));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(4)]
    public void AWriteRunningPastTheRangeIsAViolationAtEveryWidth(int width)
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0x10, 8, CapabilityRights.ReadWrite);

        CapabilityEvent violation = bench.AssertViolation(() =>
        {
            if (width == 1) ports.Write8(8, 1);
            else if (width == 2) ports.Write16(7, 1);
            else ports.Write32(5, 1);
        }, ViolationReason.OutOfRange);
        Assert.That(violation.Address, Is.EqualTo(0xC010UL + 9 - (ulong)width));
    }

    [Test]
    public void EveryStringFormTransfersExactlyItsCountThroughOnePort()
    {
        var bench = new CapabilityBench();
        IoPortRange ports = bench.GrantPorts(0, 4, CapabilityRights.ReadWrite);
        bench.Ports.Set(0xC001, 0x42);
        bench.Ports.Set(0xC000, 0x1234_5678);
        var bytes = new byte[2];
        var dwords = new uint[2];

        ports.ReadString8(1, bytes);
        ports.ReadString32(0, dwords);
        ports.WriteString16(2, new ushort[] { 0xA, 0xB });

        Assert.That(bytes, Is.EqualTo(new byte[] { 0x42, 0x42 }));
        Assert.That(dwords, Is.EqualTo(new uint[] { 0x1234_5678, 0x1234_5678 }));
        Assert.That(bench.Ports.Accesses, Is.EqualTo(new[]
        {
            "in8 0xc001 0x42", "in8 0xc001 0x42", "in32 0xc000 0x12345678", "in32 0xc000 0x12345678", "out16 0xc002 0xa", "out16 0xc002 0xb",
        }));
    }
}
