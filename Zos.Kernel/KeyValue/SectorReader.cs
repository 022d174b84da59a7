using System;
using Zos.Kernel.Storage;

namespace Zos.Kernel.KeyValue
{
    // Reads the log front to back in large pieces: replay asks for one frame
    // after another, mostly a sector or two each, and a device answers one
    // 256-sector read far sooner than 256 one-sector reads.
    internal sealed class SectorReader
    {
        private const int WindowSectors = 256;

        private readonly IBlockStorage _device;
        private readonly ulong _end;
        private readonly byte[] _window;
        private ulong _windowStart;
        private int _windowSectors;

        public SectorReader(IBlockStorage device, ulong end)
        {
            _device = device;
            _end = end;
            _window = new byte[WindowSectors * device.SectorSize];
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
            if (count > WindowSectors)
            {
                buffer = new byte[count * size];
                offset = 0;
                return _device.Read(sector, count, buffer, 0);
            }
            _windowStart = sector;
            _windowSectors = (int)Math.Min((ulong)WindowSectors, _end - sector);
            string error = _device.Read(sector, _windowSectors, _window, 0);
            if (error is not null) _windowSectors = 0;
            buffer = _window;
            offset = 0;
            return error;
        }
    }
}
