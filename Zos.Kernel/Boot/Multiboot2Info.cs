using System;
using System.Runtime.InteropServices;

namespace Zos.Kernel.Boot
{
    // The boot information a multiboot2 loader leaves in memory (multiboot2
    // spec, section 3.6): total_size u32, reserved u32, then tags {type u32,
    // size u32, payload}, each starting 8-byte aligned, ending with type 0.
    // Parsing validates the whole structure first, so that a loader bug is
    // reported in one clear message instead of surfacing as garbage later.
    public sealed class Multiboot2Info
    {
        private const int HeaderSize = 8;
        private const int TagHeaderSize = 8;
        private const int MinimumTotalSize = HeaderSize + TagHeaderSize;   // header and end tag
        private const int MemoryMapEntrySize = 24;

        private const uint EndTag = 0;
        private const uint CommandLineTag = 1;
        private const uint BootLoaderNameTag = 2;
        private const uint ModuleTag = 3;
        private const uint BasicMemoryInfoTag = 4;
        private const uint MemoryMapTag = 6;
        private const uint FramebufferTag = 8;
        // address u64, pitch, width, height u32, bpp u8, type u8, reserved u16 (spec 3.6.12)
        private const int FramebufferCommonSize = 24;
        private const int RgbColorInfoSize = 6;
        private const uint AcpiOldRsdpTag = 14;
        private const uint AcpiNewRsdpTag = 15;

        private Multiboot2Info(int totalSize, int moduleCount)
        {
            TotalSize = totalSize;
            CommandLine = "";
            BootLoaderName = "";
            Modules = new BootModule[moduleCount];
            MemoryMap = new MemoryRegion[0];
        }

        public int TotalSize { get; }

        // Empty when the loader passed no such tag.
        public string CommandLine { get; private set; }
        public string BootLoaderName { get; private set; }

        public BootModule[] Modules { get; }

        // Empty when the loader passed no memory map.
        public MemoryRegion[] MemoryMap { get; private set; }

        public bool HasBasicMemoryInfo { get; private set; }
        public uint LowerMemoryKiB { get; private set; }   // from 0, at most 640
        public uint UpperMemoryKiB { get; private set; }   // from 1 MiB to the first hole

        // Copies of the firmware's RSDP, version 1 (ACPI 1.0) and version 2+.
        public TagPayload AcpiOldRsdp { get; private set; }
        public TagPayload AcpiNewRsdp { get; private set; }

        // Null when the loader set up no screen (or says nothing about it).
        public FramebufferInfo Framebuffer { get; private set; }

        public static bool TryParse(ReadOnlySpan<byte> info, out Multiboot2Info result, out string error)
        {
            result = null;
            if (!TryValidate(info, out int totalSize, out int moduleCount, out error)) return false;

            var parsed = new Multiboot2Info(totalSize, moduleCount);
            int modules = 0;
            int offset = HeaderSize;
            while (true)
            {
                uint type = ReadUInt32(info, offset);
                int size = (int)ReadUInt32(info, offset + 4);
                if (type == EndTag) break;
                var payload = info.Slice(offset + TagHeaderSize, size - TagHeaderSize);
                switch (type)
                {
                    case CommandLineTag:
                        parsed.CommandLine = ReadString(payload);
                        break;
                    case BootLoaderNameTag:
                        parsed.BootLoaderName = ReadString(payload);
                        break;
                    case ModuleTag:
                        parsed.Modules[modules++] = new BootModule(ReadUInt32(payload, 0), ReadUInt32(payload, 4), ReadString(payload.Slice(8)));
                        break;
                    case BasicMemoryInfoTag:
                        parsed.HasBasicMemoryInfo = true;
                        parsed.LowerMemoryKiB = ReadUInt32(payload, 0);
                        parsed.UpperMemoryKiB = ReadUInt32(payload, 4);
                        break;
                    case MemoryMapTag:
                        parsed.MemoryMap = ReadMemoryMap(payload);
                        break;
                    case AcpiOldRsdpTag:
                        parsed.AcpiOldRsdp = new TagPayload(offset + TagHeaderSize, payload.Length);
                        break;
                    case AcpiNewRsdpTag:
                        parsed.AcpiNewRsdp = new TagPayload(offset + TagHeaderSize, payload.Length);
                        break;
                    case FramebufferTag:
                        parsed.Framebuffer = ReadFramebuffer(payload);
                        break;
                }
                offset += AlignedTagSize(size);
            }
            result = parsed;
            return true;
        }

        // Checks every bound TryParse relies on, and counts the modules so that
        // their array can be allocated once.
        private static bool TryValidate(ReadOnlySpan<byte> info, out int totalSize, out int moduleCount, out string error)
        {
            totalSize = 0;
            moduleCount = 0;
            if (info.Length < HeaderSize)
            {
                error = "boot information is " + info.Length.ToString() + " bytes, too short for its 8-byte header";
                return false;
            }
            uint declaredSize = ReadUInt32(info, 0);
            if (declaredSize < MinimumTotalSize)
            {
                error = "total size " + declaredSize.ToString() + " is less than the minimal 16 (header and end tag)";
                return false;
            }
            if (declaredSize > (uint)info.Length)
            {
                error = "total size " + declaredSize.ToString() + " exceeds the " + info.Length.ToString() + " bytes available";
                return false;
            }
            totalSize = (int)declaredSize;

            int offset = HeaderSize;
            while (totalSize - offset >= TagHeaderSize)
            {
                uint type = ReadUInt32(info, offset);
                uint size = ReadUInt32(info, offset + 4);
                int left = totalSize - offset;
                if (size < TagHeaderSize)
                {
                    error = DescribeTag(type, offset) + " has size " + size.ToString() + ", less than its 8-byte header";
                    return false;
                }
                if (size > (uint)left)
                {
                    error = DescribeTag(type, offset) + " runs past the end (size " + size.ToString() + ", " + left.ToString() + " bytes left)";
                    return false;
                }
                if (type == EndTag)
                {
                    error = null;
                    return true;
                }
                if (size < MinimumSize(type))
                {
                    error = DescribeTag(type, offset) + " has size " + size.ToString() + ", too short for its fields (at least " + MinimumSize(type).ToString() + ")";
                    return false;
                }
                if (type == MemoryMapTag)
                {
                    uint entrySize = ReadUInt32(info, offset + TagHeaderSize);
                    if (entrySize < MemoryMapEntrySize)
                    {
                        error = DescribeTag(type, offset) + " has memory map entry size " + entrySize.ToString() + ", less than 24";
                        return false;
                    }
                }
                if (type == FramebufferTag && info[offset + TagHeaderSize + 21] == (byte)FramebufferKind.Rgb
                    && size < TagHeaderSize + FramebufferCommonSize + RgbColorInfoSize)
                {
                    error = DescribeTag(type, offset) + " is an RGB framebuffer of size " + size.ToString() + ", too short for its colour fields (at least "
                        + (TagHeaderSize + FramebufferCommonSize + RgbColorInfoSize).ToString() + ")";
                    return false;
                }
                if (type == ModuleTag) moduleCount++;
                offset += AlignedTagSize((int)size);
            }
            error = "no end tag within the total size of " + totalSize.ToString() + " bytes";
            return false;
        }

        // Size a tag needs for the fixed fields read from it.
        private static uint MinimumSize(uint type) =>
            type == FramebufferTag ? TagHeaderSize + FramebufferCommonSize
            : type == ModuleTag || type == BasicMemoryInfoTag || type == MemoryMapTag ? TagHeaderSize + 8u : TagHeaderSize;

        private static FramebufferInfo ReadFramebuffer(ReadOnlySpan<byte> payload)
        {
            var kind = (FramebufferKind)payload[21];
            ColorField red = default, green = default, blue = default;
            if (kind == FramebufferKind.Rgb)
            {
                var fields = payload.Slice(FramebufferCommonSize);
                red = new ColorField(fields[0], fields[1]);
                green = new ColorField(fields[2], fields[3]);
                blue = new ColorField(fields[4], fields[5]);
            }
            return new FramebufferInfo(ReadUInt64(payload, 0), ReadUInt32(payload, 8), ReadUInt32(payload, 12), ReadUInt32(payload, 16),
                payload[20], kind, red, green, blue);
        }

        // Entries are entry_size apart, so that later spec versions can extend them.
        private static MemoryRegion[] ReadMemoryMap(ReadOnlySpan<byte> payload)
        {
            int entrySize = (int)ReadUInt32(payload, 0);
            var entries = payload.Slice(8);
            var regions = new MemoryRegion[entries.Length / entrySize];
            for (int i = 0; i < regions.Length; i++)
            {
                var entry = entries.Slice(i * entrySize, MemoryMapEntrySize);
                regions[i] = new MemoryRegion(ReadUInt64(entry, 0), ReadUInt64(entry, 8), (MemoryKind)ReadUInt32(entry, 16));
            }
            return regions;
        }

        // The string ends at its NUL, or at the tag's end if a loader left the NUL out.
        private static string ReadString(ReadOnlySpan<byte> bytes)
        {
            int length = 0;
            while (length < bytes.Length && bytes[length] != 0) length++;
            var chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)bytes[i];
            return new string(chars);
        }

        private static int AlignedTagSize(int size) => (size + 7) & ~7;

        private static uint ReadUInt32(ReadOnlySpan<byte> bytes, int offset) => MemoryMarshal.Read<uint>(bytes.Slice(offset, 4));

        private static ulong ReadUInt64(ReadOnlySpan<byte> bytes, int offset) => MemoryMarshal.Read<ulong>(bytes.Slice(offset, 8));

        private static string DescribeTag(uint type, int offset) =>
            "tag " + type.ToString() + " at offset 0x" + offset.ToString("x");
    }

    // A file the loader placed in memory (a multiboot2 "module"), with the
    // string GRUB's module2 line gave after the file name.
    public readonly struct BootModule
    {
        public BootModule(ulong start, ulong end, string name)
        {
            Start = start;
            End = end;
            Name = name;
        }

        public ulong Start { get; }
        public ulong End { get; }   // exclusive
        public string Name { get; }

        public ulong Length => End - Start;
    }

    public readonly struct MemoryRegion
    {
        public MemoryRegion(ulong @base, ulong length, MemoryKind kind)
        {
            Base = @base;
            Length = length;
            Kind = kind;
        }

        public ulong Base { get; }
        public ulong Length { get; }
        public MemoryKind Kind { get; }

        public ulong End => Base + Length;   // exclusive
    }

    // The memory map's region types; values the spec does not name are kept
    // as they are and, like Reserved, must not be used.
    public enum MemoryKind : uint
    {
        Available = 1,
        Reserved = 2,
        AcpiReclaimable = 3,
        AcpiNvs = 4,
        Defective = 5,
    }

    // Where a tag's payload lies, as an offset from the start of the boot
    // information; payloads never start at offset 0, so 0 means "absent".
    public readonly struct TagPayload
    {
        public TagPayload(int offset, int length)
        {
            Offset = offset;
            Length = length;
        }

        public int Offset { get; }
        public int Length { get; }

        public bool IsPresent => Offset != 0;

        // The payload within the boot information it was parsed from.
        public ReadOnlySpan<byte> Bytes(ReadOnlySpan<byte> info) => info.Slice(Offset, Length);
    }
}
