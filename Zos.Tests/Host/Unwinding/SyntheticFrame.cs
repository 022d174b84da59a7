using System.Runtime.InteropServices;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

// A CIE and one FDE laid out in native memory as a compiler would emit them
// ("zLR" augmentation, absolute pointers), for feeding the parser and the
// CFA interpreter hand-written instruction streams.
internal sealed unsafe class SyntheticFrame : IDisposable
{
    public const ulong PcBegin = 0x40_1000;
    public const ulong PcRange = 0x100;
    public const ulong Lsda = 0x50_2000;

    private readonly byte* _memory;

    public byte* Fde { get; }

    public SyntheticFrame(byte[] cieInstructions, byte[] fdeInstructions, byte codeAlignment = 1)
    {
        var cie = new List<byte> { 0, 0, 0, 0, 0, 0, 0, 0, 1, (byte)'z', (byte)'L', (byte)'R', 0, codeAlignment, 0x78 /* -8 */, 16, 2, 0x00, 0x00 };
        cie.AddRange(cieInstructions);
        Pad(cie);
        SetLength(cie);

        var fde = new List<byte> { 0, 0, 0, 0 };
        fde.AddRange(BitConverter.GetBytes(cie.Count + 4));    // back from this field to the CIE
        fde.AddRange(BitConverter.GetBytes(PcBegin));
        fde.AddRange(BitConverter.GetBytes(PcRange));
        fde.Add(8);
        fde.AddRange(BitConverter.GetBytes(Lsda));
        fde.AddRange(fdeInstructions);
        Pad(fde);
        SetLength(fde);

        byte[] all = [.. cie, .. fde, 0, 0, 0, 0];
        _memory = (byte*)NativeMemory.Alloc((nuint)all.Length);
        Marshal.Copy(all, 0, (IntPtr)_memory, all.Length);
        Fde = _memory + cie.Count;
    }

    public FrameDescription Parse()
    {
        Assert.That(FrameDescription.TryParse(Fde, out FrameDescription frame), Is.True);
        return frame;
    }

    public UnwindRow RowAt(ulong offset)
    {
        Assert.That(CfaInterpreter.TryFindRow(Parse(), PcBegin + offset, out UnwindRow row), Is.True, $"no row at +{offset}");
        return row;
    }

    public void Dispose() => NativeMemory.Free(_memory);

    private static void SetLength(List<byte> record)
    {
        byte[] length = BitConverter.GetBytes(record.Count - 4);
        for (int i = 0; i < 4; i++) record[i] = length[i];
    }

    private static void Pad(List<byte> bytes)
    {
        while (bytes.Count % 8 != 0) bytes.Add(0);   // DW_CFA_nop
    }
}
