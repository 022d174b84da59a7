namespace Zos.Hal.Capabilities.Granting
{
    // The real ports: the in and out instructions.
    public sealed class MachineIoPorts : IoPortAccess
    {
        public static readonly MachineIoPorts Instance = new MachineIoPorts();

        private MachineIoPorts() { }

        public override byte Read8(ushort port) => PortIo.Read8(port);
        public override ushort Read16(ushort port) => PortIo.Read16(port);
        public override uint Read32(ushort port) => PortIo.Read32(port);
        public override void Write8(ushort port, byte value) => PortIo.Write8(port, value);
        public override void Write16(ushort port, ushort value) => PortIo.Write16(port, value);
        public override void Write32(ushort port, uint value) => PortIo.Write32(port, value);
    }
}
