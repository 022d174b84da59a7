namespace Zos.SelfTests
{
    // C# static constructor rules: an explicit static constructor runs exactly once,
    // right before the type's first static access or first instance; a constructor
    // cycle on one thread sees the partially initialised type instead of recursing.
    public sealed class LazyStaticConstructorTest : KernelTest
    {
        private static string s_log = "";
        private static int s_runs;

        private static void Log(string step) => s_log += step + ";";

        private static class Counter
        {
            public static int Value;
            static Counter() { Log("Counter.cctor"); Value = 41; }
            public static int Next() => ++Value;
        }

        private sealed class Widget
        {
            public static int Created;
            static Widget() { Log("Widget.cctor"); }
            public Widget() { Log("Widget.ctor"); Created++; }
        }

        // A touches B in its constructor before setting Y; B reads A.Y back.
        private static class CycleA
        {
            public static int Y;
            static CycleA() { Log("A.begin"); CycleB.Touch(); Y = 7; Log("A.end"); }
        }

        private static class CycleB
        {
            public static int SeenY = -1;
            static CycleB() { Log("B"); SeenY = CycleA.Y; }
            public static void Touch() { }
        }

        // No explicit constructor: beforefieldinit, allowed to run any time before the field is read.
        private static class Relaxed
        {
            public static readonly string Greeting = MakeGreeting();
            private static string MakeGreeting() { Log("Relaxed.init"); return "hi"; }
        }

        public override string Name => "runtime.lazy_static_constructors";

        // Constructors run once per boot, so a second `test` run expects none of them.
        public override string Run()
        {
            bool firstRun = s_runs++ == 0;
            s_log = "";
            Log("start");
            int first = Counter.Next();
            int second = Counter.Next();
            Log("counted");
            new Widget();
            new Widget();
            int y = CycleA.Y;
            string greeting = Relaxed.Greeting + Relaxed.Greeting;
            string expected = firstRun
                ? "start;Counter.cctor;counted;Widget.cctor;Widget.ctor;Widget.ctor;A.begin;B;A.end;"
                : "start;counted;Widget.ctor;Widget.ctor;";
            // The relaxed initialiser may run at its first read (lazily) or earlier, but once.
            bool logMatches = s_log == expected || (firstRun && s_log == expected + "Relaxed.init;");
            return Expect(logMatches, "side effects ran as " + s_log)
                ?? Expect(second == first + 1 && (!firstRun || first == 42), "Counter gave " + first.ToString() + ", " + second.ToString())
                ?? Expect(Widget.Created == 2 * s_runs, "Widget constructed " + Widget.Created.ToString() + " times")
                ?? Expect(CycleB.SeenY == 0 && y == 7, "cycle: B saw " + CycleB.SeenY.ToString() + ", A.Y is " + y.ToString())
                ?? Expect(greeting == "hihi", "beforefieldinit initialiser gave " + greeting);
        }
    }
}
