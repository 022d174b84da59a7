namespace Zos.Hal.Drivers.Block
{
    // A block driver's answer to the request with the same Tag.
    public struct BlockDriverCompletion
    {
        public int Tag;
        public BlockStatus Status;
        // Why, when Status is not Ok.
        public string Error;
        // Identify's answer.
        public BlockDeviceInfo Info;
        // ListUnits' answer: the unit numbers (stable for the same port or
        // namespace across restarts and reboots), and the letter the kernel puts
        // between the instance's name and a unit's number ("ahci0" + "p" + 2:
        // "ahci0p2"). Without one, the instance serves exactly one unit, named
        // as the instance is ("blk0").
        public int[] Units;
        public string UnitLetter;

        // The answer of a driver that serves one device.
        public static BlockDriverCompletion OneUnit(int tag, int unit) =>
            new BlockDriverCompletion { Tag = tag, Status = BlockStatus.Ok, Units = new[] { unit } };

        public static BlockDriverCompletion Ok(int tag) => new BlockDriverCompletion { Tag = tag, Status = BlockStatus.Ok };

        public static BlockDriverCompletion Failed(int tag, BlockStatus status, string error) =>
            new BlockDriverCompletion { Tag = tag, Status = status, Error = error };
    }
}
