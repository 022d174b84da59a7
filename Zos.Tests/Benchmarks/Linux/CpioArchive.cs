using System.Text;

namespace Zos.Tests.Benchmarks.Linux;

// Writes a "newc" cpio archive (the initramfs format Linux unpacks, described in the
// kernel's Documentation/driver-api/early-userspace/buffer-format.rst). Parent
// directories are added before what they contain.
public sealed class CpioArchive
{
    private const string Magic = "070701";
    private const int DirectoryMode = 0x4000, FileMode = 0x8000, SymlinkMode = 0xA000, CharDeviceMode = 0x2000;

    private readonly List<Entry> _entries = [];
    private readonly HashSet<string> _paths = [];

    private sealed record Entry(string Path, int Mode, byte[] Data, int RdevMajor = 0, int RdevMinor = 0);

    public void AddFile(string path, byte[] contents, bool executable) =>
        Add(new Entry(Normalize(path), FileMode | (executable ? 0x1ED : 0x1A4), contents));

    public void AddSymlink(string path, string target) =>
        Add(new Entry(Normalize(path), SymlinkMode | 0x1FF, Encoding.UTF8.GetBytes(target)));

    public void AddCharDevice(string path, int major, int minor) =>
        Add(new Entry(Normalize(path), CharDeviceMode | 0x180, [], major, minor));

    public void AddDirectory(string path)
    {
        string normalized = Normalize(path);
        if (_paths.Contains(normalized)) return;
        Add(new Entry(normalized, DirectoryMode | 0x1ED, []));
    }

    public bool Contains(string path) => _paths.Contains(Normalize(path));

    public void WriteTo(Stream stream)
    {
        int inode = 1;
        foreach (var entry in _entries) WriteEntry(stream, entry, inode++);
        WriteEntry(stream, new Entry("TRAILER!!!", 0, []), 0);
    }

    private void Add(Entry entry)
    {
        if (!_paths.Add(entry.Path)) throw new InvalidOperationException($"{entry.Path} is already in the archive");
        int slash = entry.Path.LastIndexOf('/');
        if (slash > 0) AddDirectory(entry.Path[..slash]);
        _entries.Add(entry);
    }

    // Archive paths are relative to the root: "init", "usr/bin/fio".
    private static string Normalize(string path)
    {
        string trimmed = path.Trim('/');
        if (trimmed.Length == 0 || trimmed.Split('/').Any(part => part is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a plain path inside the archive");
        return trimmed;
    }

    private static void WriteEntry(Stream stream, Entry entry, int inode)
    {
        byte[] name = Encoding.UTF8.GetBytes(entry.Path + "\0");
        bool isDirectory = (entry.Mode & 0xF000) == DirectoryMode;
        // ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor, rdevminor, namesize, check
        int[] fields = [inode, entry.Mode, 0, 0, isDirectory ? 2 : 1, 0, entry.Data.Length, 0, 0, entry.RdevMajor, entry.RdevMinor, name.Length, 0];
        var header = new StringBuilder(Magic);
        foreach (int field in fields) header.Append(field.ToString("X8"));
        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));
        stream.Write(name);
        Pad(stream);
        stream.Write(entry.Data);
        Pad(stream);
    }

    // Headers and file data both start on 4-byte boundaries.
    private static void Pad(Stream stream)
    {
        while (stream.Position % 4 != 0) stream.WriteByte(0);
    }
}
