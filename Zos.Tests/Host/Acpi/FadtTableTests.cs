using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;
using static Zos.Tests.Host.Acpi.AcpiImage;

namespace Zos.Tests.Host.Acpi;

// The FADT's power-management timer block (ACPI 6.5, 5.2.9): the port at
// offset 76, its length at 91 (4 when there is a timer), TMR_VAL_EXT (flags
// bit 8) for 32 bits, and X_PM_TMR_BLK at 208 taking precedence.
public class FadtTableTests
{
    private const ulong At = 0x7FE1000;

    private static FadtTable Load(byte[] body)
    {
        var memory = new SimulatedPhysicalMemory().Place(At, Table("FACP", body));
        Assert.That(FadtTable.TryLoad(memory, At, out FadtTable fadt, out string error), Is.True, error);
        return fadt;
    }

    private static byte[] Body(uint port, byte length, uint flags, int size = 80, ulong extendedPort = 0)
    {
        var body = new byte[size];
        BitConverter.GetBytes(port).CopyTo(body, 76 - 36);
        body[91 - 36] = length;
        BitConverter.GetBytes(flags).CopyTo(body, 112 - 36);
        if (extendedPort != 0)
        {
            body[208 - 36] = 1;   // system I/O
            body[209 - 36] = 32;
            BitConverter.GetBytes(extendedPort).CopyTo(body, 212 - 36);
        }
        return body;
    }

    [Test]
    public void TheTimerPortAndWidthAreRead()
    {
        FadtTable fadt = Load(Body(0x608, 4, 1u << 8));
        Assert.That((fadt.PmTimerPort, fadt.PmTimerBits), Is.EqualTo(((ushort)0x608, 32)));
        Assert.That(Load(Body(0x608, 4, 0)).PmTimerBits, Is.EqualTo(24));
    }

    [Test]
    public void TheExtendedBlockTakesPrecedence()
    {
        FadtTable fadt = Load(Body(0x608, 4, 0, size: 244, extendedPort: 0xB008));
        Assert.That(fadt.PmTimerPort, Is.EqualTo((ushort)0xB008));
    }

    [TestCase(0x608u, (byte)0)]
    [TestCase(0u, (byte)4)]
    public void ATimerBlockOfNoLengthOrPortIsNoTimer(uint port, byte length) =>
        Assert.That(Load(Body(port, length, 0)).PmTimerPort, Is.Zero);

    [Test]
    public void ATableShorterThanAcpi1sIsRefused()
    {
        var memory = new SimulatedPhysicalMemory().Place(At, Table("FACP", new byte[40]));
        Assert.That(FadtTable.TryLoad(memory, At, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("FADT is 76 bytes, shorter than ACPI 1.0's 116"));
    }

    // IAPC_BOOT_ARCH (offset 109) exists from FADT revision 3 (ACPI 2.0) on;
    // before, those bytes are reserved and say nothing.
    [TestCase((byte)3, (ushort)0x0003, true, (ushort)0x0003)]
    [TestCase((byte)6, (ushort)0x0001, true, (ushort)0x0001)]
    [TestCase((byte)1, (ushort)0x0002, false, (ushort)0)]
    [TestCase((byte)2, (ushort)0x0002, false, (ushort)0)]
    public void TheBootArchitectureFlagsAreReadFromRevision3On(byte revision, ushort written, bool has, ushort read)
    {
        var memory = new SimulatedPhysicalMemory().Place(At, Fadt(revision, written));
        Assert.That(FadtTable.TryLoad(memory, At, out FadtTable fadt, out string error), Is.True, error);
        Assert.That((fadt.Revision, fadt.HasBootArchitectureFlags, fadt.BootArchitectureFlags), Is.EqualTo((revision, has, read)));
    }
}
