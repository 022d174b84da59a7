using Zos.Kernel.Storage;

namespace Zos.Shell.Tools
{
    // Finds a block device by name as the key-value store sees one (in the
    // kernel BlockServiceStorage.Find; a simulated disk in host tests): null
    // with the reason when there is none.
    public delegate IBlockStorage BlockStorageFinder(string name, out string error);
}
