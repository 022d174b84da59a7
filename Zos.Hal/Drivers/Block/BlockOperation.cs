namespace Zos.Hal.Drivers.Block
{
    // What the block service asks of a block driver.
    public enum BlockOperation
    {
        // Which devices the instance serves (AHCI ports, NVMe namespaces; virtio-blk
        // has one): the completion carries their unit numbers. A new incarnation
        // is asked this first, then Identify for each unit.
        ListUnits,
        // The unit's geometry and limits: the completion carries a BlockDeviceInfo.
        Identify,
        Read,
        Write,
        // Everything written so far is on stable storage.
        Flush,
        // The device's serial (up to 20 bytes into the buffer).
        GetId,
        // The sectors read as zeroes afterwards; no data moves (NVMe Write Zeroes).
        WriteZeroes,
        // The device may forget the sectors' contents (NVMe deallocate, ATA TRIM);
        // what they read afterwards is the device's choice. No data moves.
        Discard,
    }
}
