using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Pci;

namespace Zos.Kernel.DeviceAccess
{
    // One function's configuration space for the capability layer, over the
    // kernel's configuration mechanism (legacy ports or ECAM): offsets are the
    // function's own, so nothing built on it reaches another function.
    public sealed class PciFunctionConfig : PciConfigFunction
    {
        private readonly PciConfigSpace _config;
        private readonly PciAddress _address;

        public PciFunctionConfig(PciConfigSpace config, PciAddress address)
        {
            _config = config;
            _address = address;
        }

        public override int Size => _config.FunctionSize;
        public override string Address => _address.ToString();

        public override byte Read8(int offset) => _config.Read8(_address, offset);
        public override ushort Read16(int offset) => _config.Read16(_address, offset);
        public override uint Read32(int offset) => _config.Read32(_address, offset);
        public override void Write8(int offset, byte value) => _config.Write8(_address, offset, value);
        public override void Write16(int offset, ushort value) => _config.Write16(_address, offset, value);
        public override void Write32(int offset, uint value) => _config.Write32(_address, offset, value);
    }
}
