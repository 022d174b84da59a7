using System;
using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // Reads the log front to back in large pieces: replay asks for one frame
    // after another, mostly a sector or two each, and a device answers one
    // 64 KiB read far sooner than 128 one-sector reads.
    internal sealed class SectorReader
    {
        private const int WindowBytes = 64 * 1024;

        private readonly IBlockStorage _device;
        private readonly ulong _end;
        private readonly byte[] _window;
        private readonly int _windowCapacity;
        private ulong _windowStart;
        private int _windowSectors;

        public SectorReader(IBlockStorage device, ulong end)
        {
            _device = device;
            _end = end;
            _windowCapacity = Math.Max(1, WindowBytes / device.SectorSize);
            _window = new byte[_windowCapacity * device.SectorSize];
        }

        // Sectors [sector, sector + count) (below the end given at construction):
        // buffer and offset of their bytes, or an error.
        public string Read(ulong sector, int count, out byte[] buffer, out int offset)
        {
            int size = _device.SectorSize;
            if (sector >= _windowStart && sector + (ulong)count <= _windowStart + (ulong)_windowSectors)
            {
                buffer = _window;
                offset = (int)(sector - _windowStart) * size;
                return null;
            }
            if (count > _windowCapacity)
            {
                buffer = new byte[count * size];
                offset = 0;
                return _device.Read(sector, count, buffer, 0);
            }
            _windowStart = sector;
            _windowSectors = (int)Math.Min((ulong)_windowCapacity, _end - sector);
            string error = _device.Read(sector, _windowSectors, _window, 0);
            if (error is not null) _windowSectors = 0;
            buffer = _window;
            offset = 0;
            return error;
        }
    }
}
