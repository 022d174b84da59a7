using Zos.Drivers.Ahci;

namespace Zos.Tests.Host.Ahci;

// The bytes the engine writes for the HBA, against the layouts of SATA 3.x
// 10.5.5 (Register H2D FIS) and AHCI 1.3.1 4.2.2-4.2.3 (header, PRDT), spelled
// out here as literals.
public class AhciCommandFormatTests
{
    [Test]
    public void AQueuedReadCarriesItsCountInTheFeaturesAndItsTagInCountBits7To3()
    {
        var fis = new byte[20];

        RegisterH2DFis.Encode(fis, AtaCommand.ReadFpdmaQueued(0x0000_1234_5678_9AUL, 0x0108), tag: 5);

        Assert.That(fis, Is.EqualTo(new byte[]
        {
            0x27, 0x80, 0x60, 0x08,   // type, C bit, READ FPDMA QUEUED, sector count 7:0 in features 7:0
            0x9A, 0x78, 0x56, 0x40,   // LBA 7:0, 15:8, 23:16, device bit 6
            0x34, 0x12, 0x00, 0x01,   // LBA 31:24, 39:32, 47:40, features 15:8 = count 15:8
            5 << 3, 0x00, 0, 0,       // count 7:0 = tag << 3
            0, 0, 0, 0,
        }));
    }

    [Test]
    public void A28BitReadPutsLbaBits27To24InTheDeviceRegister()
    {
        var fis = new byte[20];

        RegisterH2DFis.Encode(fis, AtaCommand.ReadDma(0x0ABC_DEF1, 256), tag: 0);

        Assert.That(fis[..14], Is.EqualTo(new byte[] { 0x27, 0x80, 0xC8, 0, 0xF1, 0xDE, 0xBC, 0x4A, 0, 0, 0, 0, 0x00, 0 }),
            "device 0x40 | LBA 27:24, upper LBA bytes 0, count 256 written as 0");
    }

    [Test]
    public void A65536SectorExtCommandSendsACountOfZero()
    {
        var fis = new byte[20];
        RegisterH2DFis.Encode(fis, AtaCommand.WriteDmaExt(7, 65536), tag: 3);
        Assert.That((fis[2], fis[12], fis[13], fis[4]), Is.EqualTo(((byte)0x35, (byte)0, (byte)0, (byte)7)), "and no tag: it is not queued");
    }

    [Test]
    public void CommandsThatCannotExpressTheirRangeAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AtaCommand.ReadDmaExt(0, 65537));
        Assert.Throws<ArgumentOutOfRangeException>(() => AtaCommand.ReadDmaExt((1UL << 48) - 4, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => AtaCommand.ReadDma((1UL << 28) - 1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => AtaCommand.WriteFpdmaQueued(0, 0));
    }

    [Test]
    public void TheHeaderHoldsCflTheWriteAndAtapiBitsPrdtlAndTheTableAddress()
    {
        var header = new byte[32];
        for (int i = 0; i < 32; i++) header[i] = 0xEE;

        AhciCommandHeader.Encode(header, 5, write: true, atapi: true, prdEntries: 3, tableAddress: 0x1_2345_6780);

        Assert.That(header, Is.EqualTo(new byte[]
        {
            0x65, 0x00, 0x03, 0x00,   // CFL 5 | A (bit 5) | W (bit 6); PRDTL 3 in 31:16
            0, 0, 0, 0,               // PRDBC starts at 0
            0x80, 0x67, 0x45, 0x23,   // CTBA
            0x01, 0, 0, 0,            // CTBAU
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        }));
    }

    [Test]
    public void AMisalignedTableIsRefused()
    {
        Assert.Throws<ArgumentException>(() => AhciCommandHeader.Encode(new byte[32], 5, false, false, 1, 0x1040));
    }

    [Test]
    public void APrdtSplitsAtFourMebibytesAndEncodesEachCountMinusOne()
    {
        var prdt = new byte[16 * 4];
        const ulong At = 0x2_0000_0000;

        int entries = AhciPrdt.Build(prdt, At, 9 * 1024 * 1024 + 512, maxEntries: 4);

        Assert.That(entries, Is.EqualTo(3));
        uint Dword(int entry, int dw) => BitConverter.ToUInt32(prdt, entry * 16 + dw * 4);
        Assert.That(Enumerable.Range(0, 3).Select(e => (ulong)Dword(e, 1) << 32 | Dword(e, 0)),
            Is.EqualTo(new[] { At, At + 0x40_0000, At + 0x80_0000 }));
        Assert.That(Enumerable.Range(0, 3).Select(e => Dword(e, 3)), Is.EqualTo(new[] { 0x3FFFFFu, 0x3FFFFFu, 0x1001FFu }),
            "DBC = bytes - 1, at most 4 MiB - 1; no interrupt bit");
    }

    [Test]
    public void APrdtThatWouldNeedMoreEntriesThanTheTableHoldsIsNotBuilt()
    {
        Assert.That(AhciPrdt.Build(new byte[32], 0x1000, 8 * 1024 * 1024 + 2, maxEntries: 2), Is.EqualTo(-1));
    }

    [TestCase(0x1000UL, 511L)]
    [TestCase(0x1001UL, 512L)]
    public void OddCountsAndAddressesCannotBeExpressed(ulong address, long bytes)
    {
        Assert.Throws<ArgumentException>(() => AhciPrdt.Build(new byte[16], address, bytes, 1));
    }

    [Test]
    public void PortMemoryPlacesTheListTheFisAreaAndEachTableAtTheirAlignments()
    {
        Assert.That(AhciPortMemory.TableBytesFor(1), Is.EqualTo(0x100));
        Assert.That(AhciPortMemory.TableBytesFor(8), Is.EqualTo(0x100));
        Assert.That(AhciPortMemory.TableBytesFor(9), Is.EqualTo(0x180));
        Assert.That(AhciPortMemory.BytesFor(32, 8), Is.EqualTo(0x500 + 32 * 0x100));
        var rig = new AhciRig();
        var memory = new AhciPortMemory(rig.Allocate(AhciPortMemory.BytesFor(32, 9)), 32, 9);
        Assert.That(memory.CommandListAddress % 1024, Is.EqualTo(0));
        Assert.That(memory.ReceivedFisAddress - memory.CommandListAddress, Is.EqualTo(0x400));
        Assert.That(memory.TableAddress(3) - memory.CommandListAddress, Is.EqualTo(0x500 + 3 * 0x180));
        Assert.That(memory.TableAddress(31) % 128, Is.EqualTo(0));
    }

    [Test]
    public void PortMemoryTooSmallForItsSlotsIsRefused()
    {
        var rig = new AhciRig();
        Assert.Throws<ArgumentException>(() => new AhciPortMemory(rig.Allocate(4096), 32, 8));
    }
}
