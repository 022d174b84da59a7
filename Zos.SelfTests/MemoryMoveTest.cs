using System;

namespace Zos.SelfTests
{
    // Array.Copy and span copies (the corlib's word-wise Memmove): every length
    // 0-80 and shift -9..9 within one array, overlapping both ways, against a
    // byte-by-byte model; and Array.Clear.
    public sealed class MemoryMoveTest : KernelTest
    {
        public override string Name => "runtime.memory_move";

        public override string Run()
        {
            var array = new byte[128];
            var model = new byte[128];
            for (int length = 0; length <= 80; length++)
            {
                for (int shift = -9; shift <= 9; shift++)
                {
                    int from = 20, to = 20 + shift;
                    for (int i = 0; i < array.Length; i++) array[i] = model[i] = (byte)(i * 7 + length);
                    Array.Copy(array, from, array, to, length);
                    // The model: a copy through a separate buffer is what an overlapping move must equal.
                    var taken = new byte[length];
                    for (int i = 0; i < length; i++) taken[i] = model[from + i];
                    for (int i = 0; i < length; i++) model[to + i] = taken[i];
                    for (int i = 0; i < array.Length; i++)
                        if (array[i] != model[i])
                            return "Array.Copy of " + length.ToString() + " bytes shifted by " + shift.ToString() + ": byte " + i.ToString() + " is "
                                + array[i].ToString() + ", expected " + model[i].ToString();
                }
            }
            var span = new Span<byte>(array, 3, 77);
            span.Clear();
            for (int i = 0; i < array.Length; i++)
                if ((array[i] == 0) != (i >= 3 && i < 80 || model[i] == 0)) return "Clear touched byte " + i.ToString();
            return null;
        }
    }
}
