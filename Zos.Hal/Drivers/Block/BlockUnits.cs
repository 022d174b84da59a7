namespace Zos.Hal.Drivers.Block
{
    // What a ListUnits answer may hold: at most MaxUnits units (AHCI has 32
    // ports; an NVMe controller may have more namespaces than are served),
    // each numbered 0 to LargestUnitNumber (NVMe namespaces from 1).
    public static class BlockUnits
    {
        public const int MaxUnits = 64;
        public const int LargestUnitNumber = 65535;
    }
}
