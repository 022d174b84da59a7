using Zos.Hal.Acpi;
using Zos.Tests.Host.Memory;

namespace Zos.Tests.Host.Acpi;

public class RootPointerScanTests
{
    private const ulong Ebda = 0x9FC00;

    private static byte[] BiosArea() => new byte[0x20000];

    private static byte[] With(byte[] area, int offset, byte[] bytes)
    {
        bytes.CopyTo(area, offset);
        return area;
    }

    [Test]
    public void FindsRsdpInTheBiosArea()
    {
        var memory = new SimulatedPhysicalMemory().Place(Ebda, new byte[1024]).Place(0xE0000, With(BiosArea(), 0x15A40, AcpiImage.Rsdp(0, 0x7FE14AB)));

        Assert.That(RootPointerScan.TryFind(memory, Ebda, out var rsdp, out ulong address, out string error), Is.True, error);
        Assert.That(address, Is.EqualTo(0xF5A40));
        Assert.That(rsdp.RsdtAddress, Is.EqualTo(0x7FE14AB));
    }

    [Test]
    public void PrefersTheEbda()
    {
        var memory = new SimulatedPhysicalMemory()
            .Place(Ebda, With(new byte[1024], 0x30, AcpiImage.Rsdp(2, 0x1000, 0x2000)))
            .Place(0xE0000, With(BiosArea(), 0x100, AcpiImage.Rsdp(0, 0x3000)));

        Assert.That(RootPointerScan.TryFind(memory, Ebda, out var rsdp, out ulong address, out string error), Is.True, error);
        Assert.That(address, Is.EqualTo(Ebda + 0x30));
        Assert.That(rsdp.XsdtAddress, Is.EqualTo(0x2000));
    }

    [Test]
    public void SearchesOnlyTheFirstKibOfTheEbda()
    {
        var ebda = With(new byte[2048], 1024, AcpiImage.Rsdp(0, 0x1000));
        var memory = new SimulatedPhysicalMemory().Place(Ebda, ebda).Place(0xE0000, BiosArea());

        Assert.That(RootPointerScan.TryFind(memory, Ebda, out _, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("no RSDP in the EBDA at 0x9fc00 or in 0xe0000-0xfffff"));
    }

    [Test]
    public void SearchesOnSixteenByteBoundaries()
    {
        var ebda = With(new byte[1032], 8 + 0x40, AcpiImage.Rsdp(0, 0x1000));
        var memory = new SimulatedPhysicalMemory()
            .Place(0x9FBF8, ebda)   // an EBDA that does not start on a boundary
            .Place(0xE0000, With(BiosArea(), 0x108, AcpiImage.Rsdp(0, 0x2000)));

        Assert.That(RootPointerScan.TryFind(memory, 0x9FBF8, out var rsdp, out ulong address, out string error), Is.True, error);
        Assert.That(address, Is.EqualTo(0x9FC40));
        Assert.That(rsdp.RsdtAddress, Is.EqualTo(0x1000));
    }

    [Test]
    public void IgnoresUnalignedSignatures()
    {
        var memory = new SimulatedPhysicalMemory().Place(0xE0000, With(BiosArea(), 0x108, AcpiImage.Rsdp(0, 0x2000)));

        Assert.That(RootPointerScan.TryFind(memory, 0, out _, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("no RSDP in 0xe0000-0xfffff"));
    }

    [Test]
    public void PassesOverACandidateWithABadChecksum()
    {
        var broken = AcpiImage.Rsdp(0, 0x1000);
        broken[16] ^= 1;
        var area = With(With(BiosArea(), 0x200, broken), 0x400, AcpiImage.Rsdp(0, 0x2000));
        var memory = new SimulatedPhysicalMemory().Place(0xE0000, area);

        Assert.That(RootPointerScan.TryFind(memory, 0, out var rsdp, out ulong address, out string error), Is.True, error);
        Assert.That(address, Is.EqualTo(0xE0400));
        Assert.That(rsdp.RsdtAddress, Is.EqualTo(0x2000));
    }

    [Test]
    public void NamesTheRejectedCandidateWhenNothingValidIsFound()
    {
        var broken = AcpiImage.Rsdp(0, 0x1000);
        broken[16] ^= 1;
        var memory = new SimulatedPhysicalMemory().Place(0xE0000, With(BiosArea(), 0x1FFF0 - 0x10, broken));

        Assert.That(RootPointerScan.TryFind(memory, 0, out _, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("no RSDP in 0xe0000-0xfffff; candidate at 0xfffe0 rejected: RSDP checksum over its first 20 bytes is wrong"));
    }

    [Test]
    public void SignatureInTheLastSixteenBytesIsNotReadPastTheArea()
    {
        var area = BiosArea();
        System.Text.Encoding.ASCII.GetBytes("RSD PTR ").CopyTo(area, 0x1FFF0);
        var memory = new SimulatedPhysicalMemory().Place(0xE0000, area);

        Assert.That(RootPointerScan.TryFind(memory, 0, out _, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("no RSDP in 0xe0000-0xfffff"));
    }

    [Test]
    public void ReportsAnUnreadableBiosArea()
    {
        Assert.That(RootPointerScan.TryFind(new SimulatedPhysicalMemory(), 0, out _, out _, out string error), Is.False);
        Assert.That(error, Is.EqualTo("cannot read 0xe0000 to search for the RSDP: nothing at 0xe0000"));
    }
}
