namespace Zos.SelfTests
{
    public sealed class CastingTest : KernelTest
    {
        private class Animal { }
        private class Dog : Animal { }
        private sealed class Puppy : Dog { }
        private sealed class Car { }

        public override string Name => "runtime.casting";

        public override string Run()
        {
            object puppy = new Puppy();
            object car = new Car();
            object[] dogs = new Dog[2];
            object strings = new string[1];
            return Expect(puppy is Animal, "Puppy is not an Animal")
                ?? Expect(puppy is Dog, "Puppy is not a Dog")
                ?? Expect(!(car is Animal), "Car is an Animal")
                ?? Expect(car as Dog is null, "as gave a Car as a Dog")
                ?? Expect(dogs is Animal[], "Dog[] is not an Animal[] (covariance)")
                ?? Expect(!(dogs is Car[]), "Dog[] is a Car[]")
                ?? Expect(strings is object[], "string[] is not an object[]")
                ?? Expect(dogs is System.Array, "Dog[] is not an Array");
        }
    }
}
