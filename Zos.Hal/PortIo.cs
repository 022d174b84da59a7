using Zos.Hal.Native;

namespace Zos.Hal
{
    // Raw x86 I/O port access. Kernel-only: drivers receive port ranges as capabilities.
    public static class PortIo
    {
        public static byte Read8(ushort port) => NativeCpu.In8(port);
        public static ushort Read16(ushort port) => NativeCpu.In16(port);
        public static uint Read32(ushort port) => NativeCpu.In32(port);
        public static void Write8(ushort port, byte value) => NativeCpu.Out8(port, value);
        public static void Write16(ushort port, ushort value) => NativeCpu.Out16(port, value);
        public static void Write32(ushort port, uint value) => NativeCpu.Out32(port, value);
    }
}
