namespace Zos.SelfTests
{
    public sealed class NullableTest : KernelTest
    {
        private struct Pair
        {
            public long First;
            public byte Second;
        }

        private enum Color { Red = 1, Green = 2 }

        public override string Name => "runtime.nullable";

        private static bool IsNull<T>(T value) => value == null;

        private static object BoxGeneric<T>(T value) => value;

        private static T? FirstOrNull<T>(T[] values) where T : struct => values.Length == 0 ? null : values[0];

        public override string Run()
        {
            int? some = 42;
            int? none = null;
            object boxedSome = some;
            object boxedNone = none;
            long? wide = -5;
            Pair? pair = new Pair { First = 1L << 40, Second = 7 };
            object boxedPair = pair;
            object plainInt = 9;
            var unboxedSome = (int?)plainInt;
            var unboxedNone = (int?)boxedNone;
            var unboxedPair = (Pair?)boxedPair;
            Color? color = Color.Green;
            object boxedColor = color;
            return Expect(boxedSome is int i && i == 42, "boxing 42 as int? did not give a boxed int")
                ?? Expect(boxedNone is null, "boxing an empty int? did not give null")
                ?? Expect(!(boxedSome is long) && (object)wide is long w && w == -5, "boxed nullable has the wrong type")
                ?? Expect(boxedPair is Pair p && p.First == 1L << 40 && p.Second == 7, "boxed Pair? lost its value")
                ?? Expect(unboxedSome.HasValue && unboxedSome.Value == 9, "unboxing to int? failed")
                ?? Expect(!unboxedNone.HasValue, "unboxing null to int? gave a value")
                ?? Expect(unboxedPair.HasValue && unboxedPair.Value.Second == 7, "unboxing to Pair? failed")
                ?? Expect(plainInt as int? == 9 && boxedPair as int? == null, "`as int?` failed")
                ?? Expect(boxedColor is Color c && c == Color.Green, "boxed enum? failed")
                ?? Expect(IsNull(none) && !IsNull(some) && !IsNull(3), "null test in generic code failed")
                ?? Expect(BoxGeneric(none) is null && BoxGeneric(some) is int, "boxing T = int? failed")
                ?? Expect(FirstOrNull(new[] { 4, 5 }) == 4 && FirstOrNull(new int[0]) == null, "T? in generic code failed")
                ?? Expect(some.Equals(42) && !none.Equals(42) && none.GetValueOrDefault(3) == 3, "Nullable members failed")
                ?? Expect(some + 1 == 43 && (none + 1).HasValue == false, "lifted arithmetic failed");
        }
    }
}
