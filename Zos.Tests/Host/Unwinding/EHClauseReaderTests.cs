using System.Runtime.InteropServices;
using NUnit.Framework;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

public unsafe class EHClauseReaderTests
{
    [TestCase(new byte[] { 0x0a }, 5u)]
    [TestCase(new byte[] { 0x91, 0x01 }, 100u)]
    [TestCase(new byte[] { 0x03, 0x71, 0x02 }, 20000u)]
    [TestCase(new byte[] { 0x07, 0x3e, 0x49, 0x00 }, 300000u)]
    [TestCase(new byte[] { 0x0f, 0x78, 0x56, 0x34, 0x12 }, 0x12345678u)]
    public void ReadsNativeAotCompressedIntegers(byte[] bytes, uint expected)
    {
        fixed (byte* start = bytes)
        {
            byte* p = start;
            Assert.That(EHClauseReader.ReadCompressed(ref p), Is.EqualTo(expected));
            Assert.That(p - start, Is.EqualTo(bytes.Length));
        }
    }

    [Test]
    public void DecodesTypedFaultAndFilterClauses()
    {
        // count 3; typed: try 4 len 10, handler 40, type at +0x100 from its field;
        // fault: try 2 len 20, handler 60; filter: try 0 len 30, handler 80, filter 70.
        byte[] info =
        [
            3 << 1,
            4 << 1, (10 << 2 | 0) << 1, 40 << 1, 0x00, 0x01, 0x00, 0x00,
            2 << 1, (20 << 2 | 1) << 1, 60 << 1,
            0 << 1, (30 << 2 | 2) << 1, 80 << 1, 70 << 1,
        ];
        byte* memory = (byte*)NativeMemory.Alloc((nuint)info.Length);
        try
        {
            Marshal.Copy(info, 0, (IntPtr)memory, info.Length);
            var reader = new EHClauseReader(memory);
            Assert.That(reader.Count, Is.EqualTo(3u));

            Assert.That(reader.TryNext(out EHClause typed), Is.True);
            Assert.That((typed.Kind, typed.TryStart, typed.TryEnd, typed.HandlerOffset), Is.EqualTo((EHClauseKind.Typed, 4u, 14u, 40u)));
            Assert.That((ulong)typed.CatchType, Is.EqualTo((ulong)(memory + 4 + 0x100)));

            Assert.That(reader.TryNext(out EHClause fault), Is.True);
            Assert.That((fault.Kind, fault.TryStart, fault.TryEnd, fault.HandlerOffset), Is.EqualTo((EHClauseKind.Fault, 2u, 22u, 60u)));

            Assert.That(reader.TryNext(out EHClause filter), Is.True);
            Assert.That((filter.Kind, filter.TryStart, filter.TryEnd, filter.HandlerOffset, filter.FilterOffset),
                Is.EqualTo((EHClauseKind.Filter, 0u, 30u, 80u, 70u)));

            Assert.That(reader.TryNext(out _), Is.False);
            Assert.That(typed.Covers(4) && typed.Covers(13) && !typed.Covers(14) && !typed.Covers(3), Is.True);
        }
        finally
        {
            NativeMemory.Free(memory);
        }
    }
}
