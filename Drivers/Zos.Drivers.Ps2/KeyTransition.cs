namespace Zos.Drivers.Ps2
{
    // One key going down (again, when it repeats) or up.
    public readonly struct KeyTransition
    {
        public KeyTransition(PhysicalKey key, bool pressed)
        {
            Key = key;
            Pressed = pressed;
        }

        public PhysicalKey Key { get; }
        public bool Pressed { get; }
    }
}
