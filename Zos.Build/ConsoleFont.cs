using System.IO.Compression;

namespace Zos.Build;

// The font the kernel's screen console draws with: Terminus, 8x16 pixels, with
// the Latin-1 characters and a unicode table, from Debian's console-setup-linux
// (the fonts the Linux console uses). The build unpacks it to iso/zos.psf and
// GRUB loads it as the boot module "font" (grub.cfg).
public static class ConsoleFont
{
    public const string Package = "console-setup-linux";
    public const string PathInPackage = "/usr/share/consolefonts/Lat15-Terminus16.psf.gz";

    public static void Extract(RepositoryLayout layout)
    {
        string compressed = ToolInstaller.PackageFile(Package, PathInPackage, layout.PackageCache);
        Directory.CreateDirectory(Path.GetDirectoryName(layout.FontFile)!);
        using var input = new GZipStream(File.OpenRead(compressed), CompressionMode.Decompress);
        using var output = File.Create(layout.FontFile);
        input.CopyTo(output);
    }
}
