using Zos.Kernel.Storage;

namespace Zos.Shell.Tools
{
    // The block service's devices, by name (blk0, ahci0p0, nvme0n1).
    public sealed class BlockServiceStorageFinder : IBlockStorageFinder
    {
        public IBlockStorage Find(string name, out string error) => BlockServiceStorage.Find(name, out error);
    }
}
