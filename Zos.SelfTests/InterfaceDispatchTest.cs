using Zos.Hal;

namespace Zos.SelfTests
{
    // Six implementations keep ilc from devirtualising the calls, so they go
    // through dispatch cells. The runtime's slow-path counter proves each call
    // site resolves a type once and then hits its cache.
    public sealed class InterfaceDispatchTest : KernelTest
    {
        private interface IShape
        {
            int Area();
            int Scale(int factor, long offset, double ratio);
        }

        private interface INamed { string Name { get; } }

        private interface IDescribed : INamed
        {
            // A default interface method: implemented here, not in the classes.
            string Describe() => "shape " + Name;
        }

        // Variance: an IProducer<Derived> is an IProducer<Base>.
        private interface IProducer<out T> { T Produce(); }

        // Two type parameters, one contravariant and one covariant.
        private interface IMapper<in TIn, out TOut> { TOut Map(TIn value); }

        private sealed class Square(int side) : IShape, IDescribed
        {
            public int Area() => side * side;
            public int Scale(int factor, long offset, double ratio) => (int)(side * factor + offset + ratio);
            public string Name => "square";
        }

        private sealed class Rectangle(int w, int h) : IShape, IDescribed
        {
            public int Area() => w * h;
            public int Scale(int factor, long offset, double ratio) => (int)(w * h * factor + offset + ratio);
            public string Name => "rectangle";
            public string Describe() => "a " + w.ToString() + "x" + h.ToString() + " rectangle";
        }

        private sealed class Triangle(int b, int h) : IShape, IDescribed
        {
            public int Area() => b * h / 2;
            public int Scale(int factor, long offset, double ratio) => (int)(factor + offset + ratio);
            public string Name => "triangle";
        }

        private class Circle(int r) : IShape, IDescribed
        {
            public string Name => "circle";
            public int Area() => 3 * r * r;
            public virtual int Scale(int factor, long offset, double ratio) => (int)(r * factor + offset * 2 + ratio);
        }

        // Inherits IShape through Circle and overrides one method virtually.
        private sealed class Ring(int r) : Circle(r)
        {
            public override int Scale(int factor, long offset, double ratio) => -1;
        }

        private sealed class Empty : IShape, IDescribed
        {
            public string Name => "empty";
            public string Describe() => "nothing";
            public int Area() => 0;
            public int Scale(int factor, long offset, double ratio) => (int)(offset * ratio);
        }

        private struct Dot : IShape, IDescribed
        {
            public string Name => "dot";
            public int Weight;
            public int Area() => Weight;
            public int Scale(int factor, long offset, double ratio) => Weight * factor;
        }

        private class Animal { public virtual string Sound => "..."; }
        private sealed class Cat : Animal { public override string Sound => "meow"; }
        private sealed class CatFactory : IProducer<Cat> { public Cat Produce() => new Cat(); }
        private sealed class AnimalFactory : IProducer<Animal> { public Animal Produce() => new Animal(); }
        private sealed class Adopter : IMapper<Animal, Cat> { public Cat Map(Animal value) => new Cat(); }
        private sealed class Keeper : IMapper<Cat, Cat> { public Cat Map(Cat value) => value; }

        public override string Name => "runtime.interface_dispatch";

        // ilc gives each calling method its own cell, so this is a fresh call site:
        // a thousand calls over seven types should resolve each type once.
        private static int SumAreasRepeatedly(IShape[] shapes, int calls)
        {
            int sum = 0;
            for (int i = 0; i < calls; i++) sum += shapes[i % shapes.Length].Area();
            return sum;
        }

        public override string Run()
        {
            IShape[] shapes = { new Square(3), new Rectangle(2, 5), new Triangle(4, 3), new Circle(2), new Ring(1), new Empty(), new Dot { Weight = 7 } };
            int areas = 0;
            for (int i = 0; i < shapes.Length; i++) areas += shapes[i].Area();
            int scaled = 0;
            for (int i = 0; i < shapes.Length; i++) scaled += shapes[i].Scale(10, 100, 0.5);

            // Square, Triangle, Ring (through Circle) and Dot use the default method.
            IDescribed[] described = { new Square(1), new Rectangle(2, 3), new Triangle(1, 1), new Ring(1), new Empty(), new Dot() };
            string descriptions = "";
            for (int i = 0; i < described.Length; i++) descriptions += described[i].Describe() + "|";

            IProducer<Animal>[] producers = { new CatFactory(), new AnimalFactory() };
            string sounds = producers[0].Produce().Sound + producers[1].Produce().Sound;
            object catFactory = new CatFactory(), animalFactory = new AnimalFactory();
            bool varianceCasts = catFactory is IProducer<Animal> && catFactory is IProducer<object>
                && !(animalFactory is IProducer<Cat>) && !(catFactory is IProducer<string>);
            object adopter = new Adopter(), keeper = new Keeper();
            bool twoParameterVariance = adopter is IMapper<Cat, Animal> && adopter is IMapper<Animal, object>
                && !(keeper is IMapper<Animal, Cat>) && !(adopter is IMapper<Cat, string>);
            IMapper<Cat, Animal>[] mappers = { new Adopter(), new Keeper() };
            string mapped = mappers[0].Map(new Cat()).Sound + mappers[1].Map(new Cat()).Sound;

            long before = RuntimeCounters.InterfaceResolutions;
            int sum = SumAreasRepeatedly(shapes, 1000);
            long resolutions = RuntimeCounters.InterfaceResolutions - before;

            return Expect(areas == 9 + 10 + 6 + 12 + 3 + 0 + 7, "areas summed to " + areas.ToString())
                ?? Expect(scaled == 130 + 200 + 110 + 220 - 1 + 50 + 70, "argument registers lost: " + scaled.ToString())
                ?? Expect(descriptions == "shape square|a 2x3 rectangle|shape triangle|shape circle|nothing|shape dot|", "default methods gave " + descriptions)
                ?? Expect(sounds == "meow...", "variant dispatch gave " + sounds)
                ?? Expect(varianceCasts, "covariant interface casts are wrong")
                ?? Expect(twoParameterVariance && mapped == "meowmeow", "two-parameter variance gave " + mapped)
                ?? Expect(sum == 6714, "cached calls summed to " + sum.ToString())
                ?? Expect(resolutions == shapes.Length, "1000 calls took " + resolutions.ToString() + " slow-path resolutions");
        }
    }
}
