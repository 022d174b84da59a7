using System.Runtime.InteropServices;
using NUnit.Framework;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

public unsafe class UnwindBlockTests
{
    // Main function blob at 0: flags (EH info | associated data), associated data
    // at +0x20 from its field, EH info at +0x30 from its field, GC info after.
    // Funclet blob at 16: flags, main blob at -17 from its field, start 0x40 after the main function's.
    private static readonly byte[] Blobs =
    [
        0x14, 0x20, 0, 0, 0, 0x30, 0, 0, 0, 0xee, 0, 0, 0, 0, 0, 0,
        0x01, 0xef, 0xff, 0xff, 0xff, 0x40, 0, 0, 0,
    ];

    private static void WithBlobs(Action<IntPtr> test)
    {
        byte* memory = (byte*)NativeMemory.Alloc((nuint)Blobs.Length);
        try
        {
            Marshal.Copy(Blobs, 0, (IntPtr)memory, Blobs.Length);
            test((IntPtr)memory);
        }
        finally
        {
            NativeMemory.Free(memory);
        }
    }

    [Test]
    public void DecodesAMainFunctionBlob() => WithBlobs(m =>
    {
        byte* main = (byte*)m;
        Assert.That(UnwindBlock.TryDecode(main, 0x40_1000, out UnwindBlock block), Is.True);
        Assert.That(block.Kind, Is.EqualTo(FunctionKind.Root));
        Assert.That(block.IsFunclet, Is.False);
        Assert.That(block.MethodStart, Is.EqualTo(0x40_1000UL));
        Assert.That((ulong)block.AssociatedData, Is.EqualTo((ulong)(main + 1 + 0x20)));
        Assert.That((ulong)block.EHInfo, Is.EqualTo((ulong)(main + 5 + 0x30)));
        Assert.That((ulong)block.GCInfo, Is.EqualTo((ulong)(main + 9)));
    });

    [Test]
    public void AFuncletBlobLeadsToItsMainFunction() => WithBlobs(m =>
    {
        byte* main = (byte*)m;
        Assert.That(UnwindBlock.TryDecode(main + 16, 0x40_1040, out UnwindBlock block), Is.True);
        Assert.That(block.Kind, Is.EqualTo(FunctionKind.Handler));
        Assert.That((ulong)block.MainBlock, Is.EqualTo((ulong)main));
        Assert.That(block.MethodStart, Is.EqualTo(0x40_1000UL));
        Assert.That((ulong)block.EHInfo, Is.EqualTo((ulong)(main + 5 + 0x30)));
    });

    [Test]
    public void RejectsAMissingBlobAndAnUnknownKind()
    {
        Assert.That(UnwindBlock.TryDecode(null, 0, out _), Is.False);
        byte unknownKind = 0x03;
        Assert.That(UnwindBlock.TryDecode(&unknownKind, 0, out _), Is.False);
    }
}
