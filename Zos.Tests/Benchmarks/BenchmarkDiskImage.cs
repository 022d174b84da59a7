namespace Zos.Tests.Benchmarks;

// The raw disk image block benchmarks run on: written in full with pseudo-random
// bytes, so that no read is of a hole the host can answer without touching the file.
public static class BenchmarkDiskImage
{
    public const long DefaultSize = 256L * 1024 * 1024;

    public static void Create(string path, long size = DefaultSize)
    {
        const int chunk = 1024 * 1024;
        if (size <= 0 || size % chunk != 0) throw new ArgumentException($"image size {size} is not a positive number of MiB");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var random = new Random(5);
        var buffer = new byte[chunk];
        using var file = File.Create(path);
        for (long written = 0; written < size; written += chunk)
        {
            random.NextBytes(buffer);
            file.Write(buffer);
        }
    }
}
