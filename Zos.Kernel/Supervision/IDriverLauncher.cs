using Zos.Kernel.Diagnostics;
using Zos.Kernel.Hosting;
using Zos.Kernel.Storage;
namespace Zos.Kernel.Supervision
{
    // The kernel's way to start an incarnation of a driver: create its fault
    // domain and first thread (which then reports Initializing, ... to the
    // supervisor). Returns null when started, else why it could not be.
    public interface IDriverLauncher
    {
        string Spawn(SupervisedDriver driver);
    }
}
