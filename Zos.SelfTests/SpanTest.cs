using System;
using System.Runtime.InteropServices;

namespace Zos.SelfTests
{
    // Out-of-range indexing is checked by `fault bounds` (a throw is a panic until unwinding exists).
    public sealed unsafe class SpanTest : KernelTest
    {
        public override string Name => "runtime.spans";

        private static int Sum(ReadOnlySpan<int> values)
        {
            int sum = 0;
            foreach (int v in values) sum += v;
            return sum;
        }

        public override string Run() => OverArrays() ?? OverStackAndUnmanagedMemory();

        private static string OverArrays()
        {
            int[] array = { 1, 2, 3, 4, 5, 6, 7, 8 };
            Span<int> all = array;
            Span<int> middle = all.Slice(2, 4);
            middle[0] = 30;                                 // writes through to the array
            Span<int> tail = all[5..];
            ReadOnlySpan<char> text = "kernel:zos".AsSpan();
            ReadOnlySpan<char> after = text.Slice(text.IndexOf(':') + 1);
            int[] copy = new int[3];
            array.AsSpan(0, 3).CopyTo(copy);
            return Expect(array[2] == 30 && middle.Length == 4 && Sum(middle) == 30 + 4 + 5 + 6, "array slice failed")
                ?? Expect(tail.Length == 3 && tail[0] == 6, "range slice failed")
                ?? Expect(after.Length == 3 && after[0] == 'z' && new string(after) == "zos", "ReadOnlySpan<char> slicing failed")
                ?? Expect(copy[0] == 1 && copy[2] == 30 && Sum(copy) == 33, "CopyTo failed")
                ?? Expect(all.Slice(8).IsEmpty && Span<int>.Empty.Length == 0, "empty spans failed");
        }

        private static string OverStackAndUnmanagedMemory()
        {
            Span<byte> stack = stackalloc byte[16];
            for (int i = 0; i < stack.Length; i++) stack[i] = (byte)(i * 3);
            Span<byte> stackSlice = stack.Slice(4, 4);
            ulong* words = stackalloc ulong[4];
            var unmanaged = new Span<ulong>(words, 4);
            unmanaged.Fill(0xABCD);
            unmanaged[3] = 7;
            Span<byte> asBytes = MemoryMarshal.AsBytes(unmanaged);
            return Expect(stackSlice[0] == 12 && stackSlice[3] == 21 && stackSlice.Length == 4, "stackalloc span failed")
                ?? Expect(words[0] == 0xABCD && words[3] == 7 && asBytes.Length == 32 && asBytes[0] == 0xCD && asBytes[1] == 0xAB, "span over unmanaged memory failed");
        }
    }
}
