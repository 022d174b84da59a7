using Zos.Kernel.Storage;

namespace Zos.Build;

// A raw disk image file as the key-value store sees a device: 512-byte
// sectors (a trailing part sector is not used), errors as sentences, and a
// flush that reaches the host's disk (fsync), so the store's promises hold
// on the host as they do in Zos.
public sealed class ImageFileStorage : IBlockStorage, IDisposable
{
    public const int Sector = 512;

    private readonly FileStream _file;
    private readonly object _sync = new();

    private ImageFileStorage(string path, FileStream file)
    {
        Name = Path.GetFileName(path);
        _file = file;
        SectorCount = (ulong)(file.Length / Sector);
    }

    // The image, or null with why it cannot be opened.
    public static ImageFileStorage? Open(string path, bool writable, out string? error)
    {
        try
        {
            var file = new FileStream(path, FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, writable ? FileShare.Read : FileShare.ReadWrite);
            error = null;
            return new ImageFileStorage(path, file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot open {path}: {e.Message}";
            return null;
        }
    }

    public string Name { get; }
    public int SectorSize => Sector;
    public ulong SectorCount { get; }

    public string? Read(ulong sector, int count, byte[] buffer, int offset) =>
        Transfer(sector, count, () => _file.ReadExactly(buffer, offset, count * Sector));

    public string? Write(ulong sector, int count, byte[] buffer, int offset) =>
        Transfer(sector, count, () => _file.Write(buffer, offset, count * Sector));

    public string? Flush() => Guarded(() => _file.Flush(flushToDisk: true));

    public void Dispose() => _file.Dispose();

    private string? Transfer(ulong sector, int count, Action transfer)
    {
        if (count < 0 || sector > SectorCount || (ulong)count > SectorCount - sector)
            return $"sectors {sector}+{count} are beyond {Name}'s {SectorCount} sectors";
        return Guarded(() =>
        {
            _file.Position = (long)sector * Sector;
            transfer();
        });
    }

    private string? Guarded(Action action)
    {
        lock (_sync)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e) when (e is IOException or NotSupportedException or UnauthorizedAccessException)
            {
                return e.Message;
            }
        }
    }
}
