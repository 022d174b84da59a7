using NUnit.Framework;
using Zos.Hal.Interrupts;

namespace Zos.Tests.Host;

// Intel SDM vol. 3A, figure 6-8 (64-bit IDT gate descriptor).
public class IdtGateTests
{
    private const ulong Handler = 0xFFFF_8000_1234_5678;

    private static (ulong Low, ulong High) Encode(ulong handler = Handler, ushort selector = 0x08, byte ist = 1, byte type = 0x8E)
    {
        IdtGate.Encode(handler, selector, ist, type, out ulong low, out ulong high);
        return (low, high);
    }

    private static ulong Bits(ulong value, int first, int last) => (value >> first) & ((1UL << (last - first + 1)) - 1);

    [Test]
    public void OffsetLowWordInBits0To15()
    {
        Assert.That(Bits(Encode().Low, 0, 15), Is.EqualTo(0x5678UL));
    }

    [Test]
    public void SelectorInBits16To31()
    {
        Assert.That(Bits(Encode().Low, 16, 31), Is.EqualTo(0x0008UL));
    }

    [Test]
    public void IstInBits32To34()
    {
        Assert.That(Bits(Encode().Low, 32, 34), Is.EqualTo(1UL));
    }

    [Test]
    public void ReservedBits35To39AreZero()
    {
        Assert.That(Bits(Encode().Low, 35, 39), Is.EqualTo(0UL));
        Assert.That(Bits(Encode(ist: 0xFF).Low, 35, 39), Is.EqualTo(0UL));
    }

    [Test]
    public void IstIsMaskedToThreeBits()
    {
        Assert.That(Bits(Encode(ist: 0xFF).Low, 32, 34), Is.EqualTo(7UL));
        Assert.That(Bits(Encode(ist: 0xFF).Low, 40, 47), Is.EqualTo(0x8EUL));
    }

    [Test]
    public void TypeAndAttributesInBits40To47()
    {
        ulong low = Encode().Low;
        Assert.That(Bits(low, 40, 47), Is.EqualTo(0x8EUL));
        Assert.That(Bits(low, 47, 47), Is.EqualTo(1UL), "present");
        Assert.That(Bits(low, 45, 46), Is.EqualTo(0UL), "DPL 0");
        Assert.That(Bits(low, 40, 43), Is.EqualTo(0xEUL), "64-bit interrupt gate");
        Assert.That(IdtGate.InterruptGate, Is.EqualTo((byte)0x8E));
    }

    [Test]
    public void OffsetMiddleWordInBits48To63()
    {
        Assert.That(Bits(Encode().Low, 48, 63), Is.EqualTo(0x1234UL));
    }

    [Test]
    public void OffsetHighDwordInHighQwordAndRestReserved()
    {
        var (_, high) = Encode();
        Assert.That(Bits(high, 0, 31), Is.EqualTo(0xFFFF_8000UL));
        Assert.That(Bits(high, 32, 63), Is.EqualTo(0UL));
    }

    [Test]
    public void WholeDescriptor()
    {
        var (low, high) = Encode();
        Assert.That(low, Is.EqualTo(0x1234_8E01_0008_5678UL));
        Assert.That(high, Is.EqualTo(0x0000_0000_FFFF_8000UL));
    }

    [Test]
    public void OffsetReassemblesFromTheThreeFields()
    {
        ulong handler = 0xFEDC_BA98_7654_3210;
        var (low, high) = Encode(handler, 0x28, 0, IdtGate.InterruptGate);
        ulong offset = Bits(low, 0, 15) | (Bits(low, 48, 63) << 16) | (Bits(high, 0, 31) << 32);
        Assert.That(offset, Is.EqualTo(handler));
        Assert.That(Bits(low, 16, 31), Is.EqualTo(0x28UL));
    }
}
