using System.Runtime.CompilerServices;

namespace Zos.SelfTests
{
    // Zos has no runtime dispatch for generic virtual methods (docs/csharp-subset.md),
    // so the build rejects every call ilc cannot bind at compile time (ilc 10 binds no
    // class GVM callvirt, not even on a sealed type). What stays legal, and is what
    // the build's error suggests: an interface GVM called on a struct through a
    // constrained type parameter, and the type parameter moved onto the interface.
    // If either needed the runtime resolver, the build would fail.
    public sealed class ExactGenericVirtualCallTest : KernelTest
    {
        private interface IVisitor
        {
            string Visit<T>(T value);
        }

        private struct Upper : IVisitor
        {
            public int Calls;
            public string Visit<T>(T value) { Calls++; return "^" + value.ToString(); }
        }

        private struct Counted : IVisitor
        {
            public int Calls;
            public string Visit<T>(T value) { Calls++; return Calls.ToString(); }
        }

        private interface IVisitor<T>
        {
            string Visit(T value);
        }

        private sealed class Doubler : IVisitor<int>, IVisitor<string>
        {
            public string Visit(int value) => (value * 2).ToString();
            public string Visit(string value) => value + value;
        }

        private sealed class Negator : IVisitor<int>
        {
            public string Visit(int value) => (-value).ToString();
        }

        private sealed class Hider : IVisitor<int>, IVisitor<string>
        {
            public string Visit(int value) => "#";
            public string Visit(string value) => "*";
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IVisitor<int> MakeIntVisitor(int which) => which switch { 0 => new Doubler(), 1 => new Negator(), _ => new Hider() };

        // ilc compiles this once per struct TVisitor, each with the exact Visit<T>.
        private static string VisitTwice<TVisitor, T>(ref TVisitor visitor, T value) where TVisitor : struct, IVisitor =>
            visitor.Visit(value) + visitor.Visit(value);

        public override string Name => "runtime.exact_generic_virtual_calls";

        public override string Run()
        {
            var upper = new Upper();
            var counted = new Counted();
            string visited = VisitTwice(ref upper, "ab") + VisitTwice(ref counted, 3.5) + VisitTwice(ref upper, 'c');

            string dispatched = "";
            for (int i = 0; i < 3; i++) dispatched += MakeIntVisitor(i).Visit(21) + "|";
            IVisitor<string> strings = new Doubler();
            dispatched += strings.Visit("ha");

            return Expect(visited == "^ab^ab12^c^c" && upper.Calls == 4 && counted.Calls == 2,
                    "constrained generic calls gave " + visited + " after " + upper.Calls.ToString() + "/" + counted.Calls.ToString() + " calls")
                ?? Expect(dispatched == "42|-21|#|haha", "generic interface dispatch gave " + dispatched);
        }
    }
}
