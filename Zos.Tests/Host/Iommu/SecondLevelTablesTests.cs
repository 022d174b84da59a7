using Zos.Kernel.Iommu;
using static Zos.Tests.Host.Iommu.SecondLevelWalk;

namespace Zos.Tests.Host.Iommu;

public class SecondLevelTablesTests
{
    private const ulong Page = 4096;
    private const ulong TwoMiB = 2UL << 20;

    private TableFrames _frames = null!;

    [SetUp]
    public void CreateFrames() => _frames = new TableFrames(64);

    private SecondLevelTables Create(bool superpages = true, int physicalAddressBits = 39)
    {
        Assert.That(SecondLevelTables.TryCreate(_frames.Tables, physicalAddressBits, superpages, out var tables), Is.Null);
        return tables;
    }

    private Translation? Walk(SecondLevelTables tables, ulong address) =>
        TryWalk(_frames.Memory, tables.Root, address, out var translation) ? translation : null;

    [Test]
    public void MapsPagesWithTheirRightsAsTheUnitWalksThem()
    {
        var tables = Create();

        Assert.That(tables.Map(0x4000_0000, 0x1234_5000, 2 * Page, DmaAccess.Read), Is.Null);
        Assert.That(tables.Map(0x4000_2000, 0x0800_0000, Page, DmaAccess.Write), Is.Null);
        Assert.That(tables.Map(0x4000_3000, 0x0900_0000, Page, DmaAccess.ReadWrite), Is.Null);

        Assert.That(Walk(tables, 0x4000_1234), Is.EqualTo(new Translation(0x1234_6234, Read: true, Write: false, Superpage: false)));
        Assert.That(Walk(tables, 0x4000_2010), Is.EqualTo(new Translation(0x0800_0010, Read: false, Write: true, Superpage: false)));
        Assert.That(Walk(tables, 0x4000_3FFF), Is.EqualTo(new Translation(0x0900_0FFF, Read: true, Write: true, Superpage: false)));
        Assert.That(Walk(tables, 0x4000_4000), Is.Null);
        Assert.That(Walk(tables, 0x3FFF_F000), Is.Null);
        Assert.That(tables.MappedBytes, Is.EqualTo(4 * Page));
    }

    [Test]
    public void TranslatesInSoftwareAsTheUnitWould()
    {
        var tables = Create();
        Assert.That(tables.Map(0x10_0000, 0x30_0000, Page, DmaAccess.Read), Is.Null);

        Assert.That(tables.TryTranslate(0x10_0ABC, out ulong physical, out DmaAccess access), Is.True);
        Assert.That((physical, access), Is.EqualTo((0x30_0ABCUL, DmaAccess.Read)));
        Assert.That(tables.TryTranslate(0x10_1000, out _, out _), Is.False);
    }

    [Test]
    public void UsesTwoMibPagesWhereBothAddressesAreAligned()
    {
        var tables = Create();

        Assert.That(tables.Map(0x8000_0000, 0x4000_0000, 2 * TwoMiB + Page, DmaAccess.ReadWrite), Is.Null);

        Assert.That(Walk(tables, 0x8000_0000), Is.EqualTo(new Translation(0x4000_0000, true, true, Superpage: true)));
        Assert.That(Walk(tables, 0x803F_FFFF), Is.EqualTo(new Translation(0x403F_FFFF, true, true, Superpage: true)));
        Assert.That(Walk(tables, 0x8040_0FFF), Is.EqualTo(new Translation(0x4040_0FFF, true, true, Superpage: false)), "the tail is a 4 KiB page");
        Assert.That(Entry(_frames.Memory, tables.Root, 0x8000_0000, 2) & 0x80, Is.EqualTo(0x80), "SL-PDE.PS");
        Assert.That(_frames.Tables.TablesInUse, Is.EqualTo(3), "root, directory, and one table for the tail");
    }

    [Test]
    public void UsesFourKibPagesWhenThePhysicalAddressIsNotTwoMibAligned()
    {
        var tables = Create();

        Assert.That(tables.Map(0x8000_0000, 0x4000_1000, TwoMiB, DmaAccess.Read), Is.Null);

        Assert.That(Walk(tables, 0x8000_0000)!.Value.Superpage, Is.False);
        Assert.That(Walk(tables, 0x801F_F000), Is.EqualTo(new Translation(0x4020_0000, true, false, false)));
    }

    [Test]
    public void UsesFourKibPagesWhenTheUnitHasNoSuperpages()
    {
        var tables = Create(superpages: false);

        Assert.That(tables.Map(0x8000_0000, 0x4000_0000, TwoMiB, DmaAccess.Read), Is.Null);

        Assert.That(Walk(tables, 0x8010_0000), Is.EqualTo(new Translation(0x4010_0000, true, false, Superpage: false)));
    }

    [Test]
    public void RefusesAnOverlapAndMapsNothingOfIt()
    {
        var tables = Create();
        Assert.That(tables.Map(0x5000, 0x9_0000, Page, DmaAccess.Read), Is.Null);

        Assert.That(tables.Map(0x3000, 0xA_0000, 3 * Page, DmaAccess.ReadWrite), Is.EqualTo("device address 0x5000 is already mapped"));

        Assert.That(Walk(tables, 0x3000), Is.Null, "pages before the overlap stay unmapped");
        Assert.That(Walk(tables, 0x5000), Is.EqualTo(new Translation(0x9_0000, true, false, false)), "the old mapping is unchanged");
        Assert.That(tables.MappedBytes, Is.EqualTo(Page));
    }

    [Test]
    public void RefusesAnOverlapWithASuperpage()
    {
        var tables = Create();
        Assert.That(tables.Map(0x20_0000, 0x40_0000, TwoMiB, DmaAccess.Read), Is.Null);

        Assert.That(tables.Map(0x3F_F000, 0x1000, Page, DmaAccess.Read), Is.EqualTo("device address 0x3ff000 is already mapped"));
    }

    [Test]
    public void UnmapsSoTheWalkFindsNothing()
    {
        var tables = Create();
        Assert.That(tables.Map(0x7000, 0x9_0000, 3 * Page, DmaAccess.ReadWrite), Is.Null);

        Assert.That(tables.Unmap(0x8000, Page), Is.Null);

        Assert.That(Walk(tables, 0x8000), Is.Null);
        Assert.That(Walk(tables, 0x7000), Is.Not.Null);
        Assert.That(Walk(tables, 0x9000), Is.Not.Null);
        Assert.That(tables.MappedBytes, Is.EqualTo(2 * Page));
        Assert.That(tables.Map(0x8000, 0xF_0000, Page, DmaAccess.Read), Is.Null, "the hole can be mapped again");
    }

    [Test]
    public void RefusesToUnmapWhatIsNotMappedAndUnmapsNothingOfIt()
    {
        var tables = Create();
        Assert.That(tables.Map(0x7000, 0x9_0000, 2 * Page, DmaAccess.ReadWrite), Is.Null);

        Assert.That(tables.Unmap(0x7000, 3 * Page), Is.EqualTo("device address 0x9000 is not mapped"));
        Assert.That(tables.Unmap(0x4000_0000, Page), Is.EqualTo("device address 0x40000000 is not mapped"), "no directory there at all");

        Assert.That(Walk(tables, 0x7000), Is.Not.Null);
        Assert.That(Walk(tables, 0x8000), Is.Not.Null);
        Assert.That(tables.MappedBytes, Is.EqualTo(2 * Page));
    }

    [Test]
    public void UnmapsAWholeSuperpage()
    {
        var tables = Create();
        Assert.That(tables.Map(0x20_0000, 0x40_0000, TwoMiB, DmaAccess.Read), Is.Null);

        Assert.That(tables.Unmap(0x20_0000, TwoMiB), Is.Null);

        Assert.That(Walk(tables, 0x20_0000), Is.Null);
        Assert.That(Entry(_frames.Memory, tables.Root, 0x20_0000, 2), Is.EqualTo(0));
    }

    [Test]
    public void SplitsASuperpageWhenPartOfItIsUnmapped()
    {
        var tables = Create();
        Assert.That(tables.Map(0x20_0000, 0x40_0000, 2 * TwoMiB, DmaAccess.Write), Is.Null);

        Assert.That(tables.Unmap(0x3F_F000, 2 * Page), Is.Null, "the last page of one superpage and the first of the next");

        Assert.That(Walk(tables, 0x3F_F000), Is.Null);
        Assert.That(Walk(tables, 0x40_0000), Is.Null);
        Assert.That(Walk(tables, 0x3F_E000), Is.EqualTo(new Translation(0x5F_E000, false, true, Superpage: false)));
        Assert.That(Walk(tables, 0x20_0000), Is.EqualTo(new Translation(0x40_0000, false, true, Superpage: false)));
        Assert.That(Walk(tables, 0x40_1000), Is.EqualTo(new Translation(0x60_1000, false, true, Superpage: false)));
        Assert.That(tables.MappedBytes, Is.EqualTo(2 * TwoMiB - 2 * Page));
    }

    [TestCase(0x1800UL, Page, "device address 0x1800 + 0x1000 bytes is not whole 4 KiB pages")]
    [TestCase(0x1000UL, 0x800UL, "device address 0x1000 + 0x800 bytes is not whole 4 KiB pages")]
    [TestCase(0x1000UL, 0UL, "an empty range")]
    [TestCase(0x7F_FFFF_F000UL, 2 * Page, "device address 0x7ffffff000 + 0x2000 bytes reaches beyond the 39-bit device address space")]
    [TestCase(0xFFFF_FFFF_FFFF_F000UL, 2 * Page, "device address 0xfffffffffffff000 + 0x2000 bytes reaches beyond the 39-bit device address space")]
    public void RefusesRangesThatAreNotPagesInTheAddressSpace(ulong deviceAddress, ulong length, string error)
    {
        var tables = Create();

        Assert.That(tables.Map(deviceAddress, 0x10_0000, length, DmaAccess.Read), Is.EqualTo(error));
        Assert.That(tables.Unmap(deviceAddress, length), Is.EqualTo(error));
        Assert.That(_frames.Tables.TablesInUse, Is.EqualTo(1));
    }

    [Test]
    public void RefusesPhysicalMemoryBeyondTheHostAddressWidth()
    {
        var tables = Create(physicalAddressBits: 36);

        Assert.That(tables.Map(0x1000, 0xF_FFFF_F000, 2 * Page, DmaAccess.Read),
            Is.EqualTo("physical 0xffffff000 + 0x2000 bytes reaches beyond the host address width"));
        Assert.That(tables.Map(0x1000, 0x10_0800, Page, DmaAccess.Read), Is.EqualTo("physical address 0x100800 is not 4 KiB-aligned"));
    }

    [Test]
    public void RefusesAMappingWithoutRights()
    {
        Assert.That(Create().Map(0x1000, 0x10_0000, Page, DmaAccess.None), Is.EqualTo("a mapping without read or write access is no mapping"));
    }

    [Test]
    public void MapsNothingWhenFramesForTablesRunOut()
    {
        _frames = new TableFrames(3);
        var tables = Create(superpages: false);

        // Root, one directory, one table: the second 2 MiB needs a fourth frame.
        Assert.That(tables.Map(0x1F_F000, 0x10_0000, 2 * Page, DmaAccess.Read), Is.EqualTo("no frame left for a page table"));

        Assert.That(Walk(tables, 0x1F_F000), Is.Null, "the page mapped before running out is rolled back");
        Assert.That(tables.MappedBytes, Is.EqualTo(0));
    }

    [Test]
    public void SplitsNothingWhenNoFrameIsLeft()
    {
        _frames = new TableFrames(2);
        var tables = Create();
        Assert.That(tables.Map(0, 0x40_0000, TwoMiB, DmaAccess.Read), Is.Null);

        Assert.That(tables.Unmap(0, Page), Is.EqualTo("no frame left to split a 2 MiB page"));

        Assert.That(Walk(tables, 0), Is.EqualTo(new Translation(0x40_0000, true, false, Superpage: true)));
    }

    [Test]
    public void DestroyFreesEveryTable()
    {
        var tables = Create();
        ulong free = _frames.Allocator.FreeFrames + 1;
        Assert.That(tables.Map(0x20_0000, 0x40_0000, TwoMiB, DmaAccess.Read), Is.Null);
        Assert.That(tables.Map(0x4000_0000, 0x10_0000, Page, DmaAccess.Read), Is.Null);
        Assert.That(tables.Map(0x50_0000_0000, 0x11_0000, Page, DmaAccess.Read), Is.Null);

        tables.Destroy();

        Assert.That(_frames.Tables.TablesInUse, Is.EqualTo(0));
        Assert.That(_frames.Allocator.FreeFrames, Is.EqualTo(free));
        Assert.That(tables.Map(0x1000, 0x10_0000, Page, DmaAccess.Read), Is.EqualTo("the domain's tables were destroyed"));
    }
}
