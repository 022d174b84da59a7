namespace Zos.Hal.Drivers.Block
{
    // What the block service asks of a block driver.
    public enum BlockOperation
    {
        // The device's geometry and limits: the completion carries a BlockDeviceInfo.
        Identify,
        Read,
        Write,
        // Everything written so far is on stable storage.
        Flush,
        // The device's serial (up to 20 bytes into the buffer).
        GetId,
    }
}
