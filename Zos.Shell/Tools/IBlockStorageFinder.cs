using Zos.Kernel.Storage;

namespace Zos.Shell.Tools
{
    // Finds a block device by name as the key-value store sees one: in the
    // kernel through the block service (BlockServiceStorageFinder), a
    // simulated disk in host tests. (An interface: the corlib has no
    // IAsyncResult, which a delegate type of our own would need.)
    public interface IBlockStorageFinder
    {
        // Null with the reason when there is none.
        IBlockStorage Find(string name, out string error);
    }
}
