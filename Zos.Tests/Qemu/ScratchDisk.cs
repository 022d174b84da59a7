namespace Zos.Tests.Qemu;

// A zero-filled raw image in a temporary folder of its own; Dispose deletes
// the folder with whatever else the test put there (blkdebug rules, say).
public sealed class ScratchDisk : IDisposable
{
    public ScratchDisk(string prefix, int bytes)
    {
        Folder = Directory.CreateTempSubdirectory(prefix).FullName;
        Image = Path.Combine(Folder, "disk.img");
        File.WriteAllBytes(Image, new byte[bytes]);
    }

    public string Folder { get; }
    public string Image { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
