namespace Zos.Kernel.Storage
{
    // A block device as the key-value store and the commit log see it: whole
    // sectors, synchronous, errors as sentences. The promises it relies on are
    // the block protocol's, no more: a write may reach the medium in any order
    // and in part (sector by sector, a sector torn) until a flush returns; once
    // Flush returns null, every write that returned before it is durable.
    // Implementations: BlockServiceStorage over a block service device in the
    // kernel; simulated devices in the host tests; disk image files in the
    // host tool.
    public interface IBlockStorage
    {
        // For messages: "blk0", a file name.
        string Name { get; }
        // The unit of addressing, and of atomicity as far as there is any: never
        // less than 512 bytes.
        int SectorSize { get; }
        ulong SectorCount { get; }

        // Each returns null, or why it failed. Buffers hold count × SectorSize bytes from offset.
        string Read(ulong sector, int count, byte[] buffer, int offset);
        string Write(ulong sector, int count, byte[] buffer, int offset);
        string Flush();
    }
}
