using Zos.Hal.Drivers.Block;

namespace Zos.Kernel.Storage
{
    // A block service device as IBlockStorage: synchronous calls through
    // BlockDevices.Call, so a driver crash in the middle of a request is
    // replayed by the service and only a request the service gives up on
    // reaches the store as an error. Sectors are the device's own logical
    // blocks when they are larger than 512 bytes (a 4 KiB-sector disk
    // rewrites a whole block for a 512-byte write: the store must never share
    // one of its blocks between acknowledged and new data, so it must know).
    // Without a flush command the device writes through, and the service
    // answers a flush at once.
    public sealed class BlockServiceStorage : IBlockStorage
    {
        private readonly BlockDevice _device;
        private readonly int _servicePerSector;

        private BlockServiceStorage(BlockDevice device, int sectorSize)
        {
            _device = device;
            SectorSize = sectorSize;
            _servicePerSector = sectorSize / BlockDeviceInfo.SectorSize;
            SectorCount = device.Info.Sectors / (ulong)_servicePerSector;
        }

        // The device of that name, once identified; null with the reason otherwise.
        public static BlockServiceStorage Find(string name, out string error)
        {
            BlockDevice device = BlockDevices.Find(name);
            error = device is null ? "no block device " + name
                : device.Info is null ? name + " is not identified yet" + (device.Missing is null ? "" : ": " + device.Missing)
                : null;
            if (error is not null) return null;
            int logical = device.Info.LogicalBlockSize;
            int sectorSize = logical > BlockDeviceInfo.SectorSize && logical % BlockDeviceInfo.SectorSize == 0 ? logical : BlockDeviceInfo.SectorSize;
            return new BlockServiceStorage(device, sectorSize);
        }

        public string Name => _device.Name;
        public int SectorSize { get; }
        public ulong SectorCount { get; }

        public string Read(ulong sector, int count, byte[] buffer, int offset) =>
            BlockDevices.Call(_device, BlockOperation.Read, sector * (ulong)_servicePerSector, count * _servicePerSector, buffer, offset);

        public string Write(ulong sector, int count, byte[] buffer, int offset) =>
            BlockDevices.Call(_device, BlockOperation.Write, sector * (ulong)_servicePerSector, count * _servicePerSector, buffer, offset);

        public string Flush() => BlockDevices.Call(_device, BlockOperation.Flush, 0, 0, null);
    }
}
