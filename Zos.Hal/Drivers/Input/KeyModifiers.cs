using System;

namespace Zos.Hal.Drivers.Input
{
    // The modifier keys held when a key was pressed (either side of each).
    [Flags]
    public enum KeyModifiers
    {
        None = 0,
        Shift = 1,
        Control = 2,
        Alt = 4,
    }
}
