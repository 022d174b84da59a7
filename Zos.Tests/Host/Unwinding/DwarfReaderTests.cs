using NUnit.Framework;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

public unsafe class DwarfReaderTests
{
    // Examples from DWARF 4, figures 22 and 23.
    [TestCase(new byte[] { 0x02 }, 2UL)]
    [TestCase(new byte[] { 0x7f }, 127UL)]
    [TestCase(new byte[] { 0x80, 0x01 }, 128UL)]
    [TestCase(new byte[] { 0x81, 0x01 }, 129UL)]
    [TestCase(new byte[] { 0x82, 0x01 }, 130UL)]
    [TestCase(new byte[] { 0xb9, 0x64 }, 12857UL)]
    public void ReadsUnsignedLeb128(byte[] bytes, ulong expected)
    {
        fixed (byte* start = bytes)
        {
            var reader = new DwarfReader(start);
            Assert.That(reader.ReadULeb128(), Is.EqualTo(expected));
            Assert.That(reader.Position - start, Is.EqualTo(bytes.Length));
        }
    }

    [TestCase(new byte[] { 0x02 }, 2L)]
    [TestCase(new byte[] { 0x7e }, -2L)]
    [TestCase(new byte[] { 0xff, 0x00 }, 127L)]
    [TestCase(new byte[] { 0x81, 0x7f }, -127L)]
    [TestCase(new byte[] { 0x80, 0x01 }, 128L)]
    [TestCase(new byte[] { 0x80, 0x7f }, -128L)]
    [TestCase(new byte[] { 0x81, 0x01 }, 129L)]
    [TestCase(new byte[] { 0xff, 0x7e }, -129L)]
    public void ReadsSignedLeb128(byte[] bytes, long expected)
    {
        fixed (byte* start = bytes)
        {
            var reader = new DwarfReader(start);
            Assert.That(reader.ReadSLeb128(), Is.EqualTo(expected));
            Assert.That(reader.Position - start, Is.EqualTo(bytes.Length));
        }
    }

    [Test]
    public void PcRelativeSData4IsRelativeToTheField()
    {
        byte[] bytes = { 0, 0, 0, 0, 0xf0, 0xff, 0xff, 0xff };
        fixed (byte* start = bytes)
        {
            var reader = new DwarfReader(start + 4);
            Assert.That(reader.TryReadEncodedPointer(0x1b, 0, out ulong pointer), Is.True);
            Assert.That(pointer, Is.EqualTo((ulong)start + 4 - 16));
            Assert.That((ulong)reader.Position, Is.EqualTo((ulong)(start + 8)));
        }
    }

    [Test]
    public void DataRelativeUsesTheGivenBase()
    {
        byte[] bytes = { 0x10, 0, 0, 0 };
        fixed (byte* start = bytes)
        {
            var reader = new DwarfReader(start);
            Assert.That(reader.TryReadEncodedPointer(0x3b, 0x1000, out ulong pointer), Is.True);
            Assert.That(pointer, Is.EqualTo(0x1010UL));
        }
    }

    [TestCase((byte)0x23)]   // textrel udata4
    [TestCase((byte)0x43)]   // funcrel udata4
    [TestCase((byte)0x9b)]   // indirect pcrel sdata4
    [TestCase((byte)0x05)]   // no such format
    public void RejectsEncodingsItCannotResolve(byte encoding)
    {
        byte[] bytes = new byte[8];
        fixed (byte* start = bytes)
        {
            var reader = new DwarfReader(start);
            Assert.That(reader.TryReadEncodedPointer(encoding, 0, out _), Is.False);
        }
    }
}
