namespace Zos.Tests.Qemu;

// A fixture that boots one machine on the test disk images (TestDiskImages)
// before its tests and shuts both down after them; Start says how the images
// are attached (which controller, which options).
public abstract class DiskImagesFixture(string imagesPrefix)
{
    protected const int Sector = TestDiskImages.Sector;
    protected const int DataSectors = TestDiskImages.DataSectors;
    protected const int SecondSectors = TestDiskImages.SecondSectors;
    protected const string HostText = TestDiskImages.HostText;

    protected TestDiskImages Images { get; private set; } = null!;
    // Replaced by a test that boots the machine again.
    protected ZosMachine Machine { get; set; } = null!;

    protected abstract ZosMachine Start();

    [OneTimeSetUp]
    public void Boot()
    {
        Images = new TestDiskImages(imagesPrefix);
        Machine = Start();
    }

    [OneTimeTearDown]
    public void ShutDown()
    {
        Machine?.Dispose();
        Images?.Dispose();
    }
}
