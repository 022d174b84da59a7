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

        public static BlockDriverCompletion Ok(int tag) => new BlockDriverCompletion { Tag = tag, Status = BlockStatus.Ok };

        public static BlockDriverCompletion Failed(int tag, BlockStatus status, string error) =>
            new BlockDriverCompletion { Tag = tag, Status = status, Error = error };
    }
}
