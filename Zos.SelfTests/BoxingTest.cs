namespace Zos.SelfTests
{
    public sealed class BoxingTest : KernelTest
    {
        private struct Point
        {
            public int X;
            public long Y;
        }

        public override string Name => "runtime.boxing";

        public override string Run()
        {
            object boxedInt = 42;
            object boxedPoint = new Point { X = 3, Y = -7 };
            var point = (Point)boxedPoint;
            return Expect((int)boxedInt == 42, "unboxed int changed")
                ?? Expect(boxedInt is int && !(boxedInt is long), "boxed int has the wrong type")
                ?? Expect(point.X == 3 && point.Y == -7, "unboxed struct changed")
                ?? Expect(boxedInt.Equals(42), "boxed Equals failed")
                ?? Expect(boxedInt.ToString() == "42", "boxed ToString gave " + boxedInt.ToString());
        }
    }
}
