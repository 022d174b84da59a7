namespace Zos.Hal.Capabilities
{
    // How a region's mapping should be cached. Registers want Uncached; a frame
    // buffer WriteCombining. Recorded with the capability; today's identity map
    // is write-back everywhere and relies on the MTRRs (see docs/architecture.md).
    public enum MmioCaching
    {
        Uncached,
        WriteCombining,
        WriteBack,
    }
}
