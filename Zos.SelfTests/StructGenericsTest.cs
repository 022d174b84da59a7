using System;

namespace Zos.SelfTests
{
    public sealed class StructGenericsTest : KernelTest
    {
        private struct Pair<TFirst, TSecond>
        {
            public TFirst First;
            public TSecond Second;
            public Pair(TFirst first, TSecond second) { First = first; Second = second; }
            public Pair<TSecond, TFirst> Swap() => new Pair<TSecond, TFirst>(Second, First);
        }

        private readonly struct Point : IEquatable<Point>
        {
            public readonly int X, Y;
            public Point(int x, int y) { X = x; Y = y; }
            public bool Equals(Point other) => X == other.X && Y == other.Y;
            public override bool Equals(object obj) => obj is Point p && Equals(p);
            public override int GetHashCode() => X * 31 + Y;
        }

        private interface IMeasured { int Size { get; } }

        private struct Block : IMeasured { public int Bytes; public int Size => Bytes; }

        // A struct-constrained generic buffer: no boxing, values stored inline.
        private struct SmallBuffer<T> where T : struct
        {
            private T _a, _b, _c;
            public int Count;
            public void Add(T value)
            {
                if (Count == 0) _a = value; else if (Count == 1) _b = value; else _c = value;
                Count++;
            }
            public T this[int index] => index == 0 ? _a : index == 1 ? _b : _c;
        }

        private static int IndexOf<T>(T[] items, T value) where T : IEquatable<T>
        {
            for (int i = 0; i < items.Length; i++)
                if (items[i].Equals(value)) return i;
            return -1;
        }

        private static int TotalSize<T>(T[] items) where T : struct, IMeasured
        {
            int total = 0;
            for (int i = 0; i < items.Length; i++) total += items[i].Size;   // constrained call, no box
            return total;
        }

        private static T Largest<T>(T a, T b, Func<T, T, bool> greater) => greater(a, b) ? a : b;

        private static T Default<T>() => default;

        public override string Name => "runtime.struct_generics";

        public override string Run()
        {
            var pair = new Pair<int, long>(1, 1L << 40);
            Pair<long, int> swapped = pair.Swap();
            var nested = new Pair<Pair<byte, short>, string>(new Pair<byte, short>(7, -3), "n");
            Point[] points = { new Point(1, 2), new Point(3, 4), new Point(5, 6) };
            int[] numbers = { 4, 8, 15, 16, 23, 42 };
            string[] words = { "alpha", "beta" };
            Block[] blocks = { new Block { Bytes = 512 }, new Block { Bytes = 4096 } };
            var buffer = new SmallBuffer<Point>();
            buffer.Add(new Point(9, 9));
            buffer.Add(new Point(8, 8));
            return Expect(swapped.First == 1L << 40 && swapped.Second == 1, "generic struct swap failed")
                ?? Expect(nested.First.First == 7 && nested.First.Second == -3 && nested.Second == "n", "nested generic struct failed")
                ?? Expect(IndexOf(points, new Point(3, 4)) == 1 && IndexOf(points, new Point(0, 0)) == -1, "IEquatable<Point> search failed")
                ?? Expect(IndexOf(numbers, 23) == 4, "IEquatable<int>/<string> search failed")
                ?? Expect(TotalSize(blocks) == 4608, "constrained interface call gave " + TotalSize(blocks).ToString())
                ?? Expect(buffer.Count == 2 && buffer[1].Equals(new Point(8, 8)), "struct-constrained buffer failed")
                ?? Expect(Largest(new Point(1, 1), new Point(2, 0), (a, b) => a.X > b.X).X == 2, "generic method with a delegate failed")
                ?? Expect(Default<int>() == 0 && Default<string>() is null && Default<Point>().Equals(new Point(0, 0)), "default(T) failed")
                ?? Expect(EqualityOf(new Point(1, 2), new Point(1, 2)) && !EqualityOf(5, 6), "object.Equals over T failed");
        }

        private static bool EqualityOf<T>(T a, T b) => a.Equals(b);
    }
}
