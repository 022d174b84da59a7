using System;

namespace Zos.SelfTests
{
    public sealed class DelegateTest : KernelTest
    {
        private interface IGreeter { string Greet(string name); }

        // Six implementations keep the interface call behind a delegate from being devirtualised.
        private sealed class English : IGreeter { public string Greet(string name) => "hello " + name; }
        private sealed class French : IGreeter { public string Greet(string name) => "bonjour " + name; }
        private sealed class German : IGreeter { public string Greet(string name) => "hallo " + name; }
        private sealed class Italian : IGreeter { public string Greet(string name) => "ciao " + name; }
        private sealed class Spanish : IGreeter { public string Greet(string name) => "hola " + name; }
        private sealed class Dutch : IGreeter { public string Greet(string name) => "hoi " + name; }

        private class Animal { public virtual string Speak() => "..."; }
        private sealed class Dog : Animal { public override string Speak() => "woof"; }

        private sealed class Accumulator
        {
            public int Total;
            public void Add(int amount) => Total += amount;
        }

        private static string s_trace = "";

        private static int Twice(int x) => 2 * x;
        private static void TraceA(string s) => s_trace += "A" + s;
        private static void TraceB(string s) => s_trace += "B" + s;
        private static void TraceC(string s) => s_trace += "C" + s;

        public override string Name => "runtime.delegates";

        public override string Run() =>
            StaticAndClosures() ?? InstanceAndVirtual() ?? Multicast() ?? Equality();

        private static string StaticAndClosures()
        {
            Func<int, int> square = static x => x * x;
            Func<int, int> twice = Twice;                  // open static delegate over a method group
            int captured = 10;
            Func<int, int> addCaptured = x => x + captured;
            captured = 20;                                 // closures see later writes to the local
            Func<int, int, int> add = (a, b) => a + b;
            Func<string> constant = () => "k";
            Action<int> store = x => captured = x;
            store(5);
            return Expect(square(7) == 49, "static lambda gave " + square(7).ToString())
                ?? Expect(twice(21) == 42, "method group delegate gave " + twice(21).ToString())
                ?? Expect(addCaptured(1) == 6, "closure gave " + addCaptured(1).ToString())
                ?? Expect(captured == 5, "Action did not write the captured local")
                ?? Expect(add(2, 3) == 5 && constant() == "k", "Func<,,>/Func<> failed")
                ?? Expect(Apply(square, 3) == 9 && Apply(x => x - 1, 3) == 2, "delegate passed as argument failed");
        }

        private static int Apply(Func<int, int> f, int value) => f(value);

        private static string InstanceAndVirtual()
        {
            var accumulator = new Accumulator();
            Action<int> add = accumulator.Add;
            add(3);
            add(4);
            Animal animal = new Dog();
            Func<string> speak = animal.Speak;             // resolved through the vtable when created
            IGreeter[] greeters = { new English(), new French(), new German(), new Italian(), new Spanish(), new Dutch() };
            string greetings = "";
            for (int i = 0; i < greeters.Length; i++)
            {
                Func<string, string> greet = greeters[i].Greet;  // interface method resolved when created
                greetings += greet("x") + ",";
            }
            return Expect(accumulator.Total == 7, "instance delegate total " + accumulator.Total.ToString())
                ?? Expect(ReferenceEquals(add.Target, accumulator), "Target is not the instance")
                ?? Expect(speak() == "woof", "virtual delegate gave " + speak())
                ?? Expect(greetings == "hello x,bonjour x,hallo x,ciao x,hola x,hoi x,", "interface delegates gave " + greetings);
        }

        private static string Multicast()
        {
            s_trace = "";
            Action<string> chain = TraceA;
            chain += TraceB;
            chain += TraceC;
            chain += TraceA;
            chain("1");
            string all = s_trace;
            s_trace = "";
            chain -= TraceA;                               // removes the last occurrence
            chain("2");
            string afterRemove = s_trace;
            s_trace = "";
            chain -= TraceB;
            chain -= TraceC;
            chain("3");
            string single = s_trace;
            Func<int> counter = () => 1;
            counter += () => 2;
            return Expect(all == "A1B1C1A1", "multicast order " + all)
                ?? Expect(afterRemove == "A2B2C2", "after -= " + afterRemove)
                ?? Expect(single == "A3", "after removing all but one " + single)
                ?? Expect(chain.GetInvocationList().Length == 1, "invocation list length " + chain.GetInvocationList().Length.ToString())
                ?? Expect(counter() == 2, "multicast Func returns the last result");
        }

        private static string Equality()
        {
            var accumulator = new Accumulator();
            Action<int> a1 = accumulator.Add, a2 = accumulator.Add, other = new Accumulator().Add;
            Action<string> s1 = TraceA, s2 = TraceA, s3 = TraceB;
            Action<string> m1 = s1 + s3, m2 = s2 + s3, m3 = s3 + s1;
            return Expect(a1 == a2 && a1.Equals(a2) && a1 != other, "instance delegate equality")
                ?? Expect(s1 == s2 && s1 != s3, "static delegate equality")
                ?? Expect(m1 == m2 && m1 != m3, "multicast equality")
                ?? Expect(a1.GetHashCode() == a2.GetHashCode(), "equal delegates hash differently");
        }
    }
}
