namespace Zos.SelfTests
{
    public sealed class VirtualDispatchTest : KernelTest
    {
        private abstract class Shape { public abstract int Area(); public virtual string Kind => "shape"; }
        private sealed class Square(int side) : Shape { public override int Area() => side * side; public override string Kind => "square"; }
        private sealed class Rectangle(int w, int h) : Shape { public override int Area() => w * h; }

        public override string Name => "runtime.virtual_dispatch";

        public override string Run()
        {
            Shape[] shapes = { new Square(3), new Rectangle(2, 5), new Square(1) };
            int total = 0;
            for (int i = 0; i < shapes.Length; i++) total += shapes[i].Area();
            return Expect(total == 20, "areas summed to " + total.ToString())
                ?? Expect(shapes[0].Kind == "square" && shapes[1].Kind == "shape", "virtual property dispatch failed")
                ?? Expect(shapes[1].ToString() == "System.Object", "inherited ToString gave " + shapes[1].ToString());
        }
    }
}
