namespace Zos.Hal.Capabilities.Granting
{
    // The way IoPortRange capabilities reach I/O ports (memory and registers
    // they reach through PhysicalMemory). MachineIoPorts is the real one; host
    // tests simulate it and check what reached it. Capabilities have checked
    // every access before calling in here, so implementations do not check.
    public abstract class IoPortAccess
    {
        public abstract byte Read8(ushort port);
        public abstract ushort Read16(ushort port);
        public abstract uint Read32(ushort port);
        public abstract void Write8(ushort port, byte value);
        public abstract void Write16(ushort port, ushort value);
        public abstract void Write32(ushort port, uint value);
    }
}
