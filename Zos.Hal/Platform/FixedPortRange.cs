namespace Zos.Hal.Platform
{
    // A run of I/O ports at an address fixed by the platform (not a BAR).
    public readonly struct FixedPortRange
    {
        public FixedPortRange(ushort first, int count)
        {
            First = first;
            Count = count;
        }

        public ushort First { get; }
        public int Count { get; }

        // Whether [first, first + count) lies inside this range.
        public bool Holds(int first, int count) => count > 0 && first >= First && first + count <= First + Count;

        // "0x60" for one port, "0x60-0x67" for several.
        public override string ToString() =>
            Count == 1 ? "0x" + First.ToString("x") : "0x" + First.ToString("x") + "-0x" + (First + Count - 1).ToString("x");
    }
}
