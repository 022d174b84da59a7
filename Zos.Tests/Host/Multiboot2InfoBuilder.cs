using System.Buffers.Binary;
using System.Text;

namespace Zos.Tests.Host;

// Assembles a multiboot2 information structure the way a loader lays it out.
public sealed class Multiboot2InfoBuilder
{
    private readonly List<byte> _bytes = new(new byte[8]);

    public int Offset => _bytes.Count;

    public Multiboot2InfoBuilder Tag(uint type, byte[] payload) => RawTag(type, (uint)(8 + payload.Length), payload);

    // A tag whose size field need not match its payload, for malformed input.
    public Multiboot2InfoBuilder RawTag(uint type, uint size, byte[] payload)
    {
        _bytes.AddRange(U32(type));
        _bytes.AddRange(U32(size));
        _bytes.AddRange(payload);
        while (_bytes.Count % 8 != 0) _bytes.Add(0);
        return this;
    }

    public Multiboot2InfoBuilder String(uint type, string text) => Tag(type, CString(text));

    public Multiboot2InfoBuilder Module(uint start, uint end, string name) =>
        Tag(3, [.. U32(start), .. U32(end), .. CString(name)]);

    public Multiboot2InfoBuilder BasicMemory(uint lowerKiB, uint upperKiB) => Tag(4, [.. U32(lowerKiB), .. U32(upperKiB)]);

    public Multiboot2InfoBuilder MemoryMap(params (ulong Base, ulong Length, uint Type)[] entries) => MemoryMap(24, entries);

    public Multiboot2InfoBuilder MemoryMap(uint entrySize, params (ulong Base, ulong Length, uint Type)[] entries)
    {
        var payload = new List<byte>();
        payload.AddRange(U32(entrySize));
        payload.AddRange(U32(0));
        foreach (var (b, length, type) in entries)
        {
            var entry = new byte[Math.Max(entrySize, 24)];
            BinaryPrimitives.WriteUInt64LittleEndian(entry, b);
            BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry.AsSpan(16), type);
            payload.AddRange(entry.Take((int)entrySize));   // a short entry size cuts fields off
        }
        return Tag(6, payload.ToArray());
    }

    // Tag 8 with the common fields; colorInfo follows them (6 field bytes for RGB).
    public Multiboot2InfoBuilder Framebuffer(ulong address, uint pitch, uint width, uint height, byte bitsPerPixel, byte type, params byte[] colorInfo)
    {
        var payload = new byte[24 + colorInfo.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, address);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(8), pitch);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(12), width);
        BinaryPrimitives.WriteUInt32LittleEndian(payload.AsSpan(16), height);
        payload[20] = bitsPerPixel;
        payload[21] = type;
        colorInfo.CopyTo(payload, 24);
        return Tag(8, payload);
    }

    public Multiboot2InfoBuilder End() => Tag(0, []);

    // The structure with total_size set to its length (or the given value).
    public byte[] Build(uint? totalSize = null)
    {
        var bytes = _bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, totalSize ?? (uint)bytes.Length);
        return bytes;
    }

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] CString(string text) => [.. Encoding.ASCII.GetBytes(text), 0];
}
