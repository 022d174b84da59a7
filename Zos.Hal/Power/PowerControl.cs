namespace Zos.Hal.Power
{
    // Power off and reset without ACPI tables (which arrive with the runtime
    // issue): the fixed ports QEMU, Bochs and VirtualBox answer on.
    public static class PowerControl
    {
        public static void PowerOff()
        {
            PortIo.Write16(0x604, 0x2000);     // QEMU (PIIX4 / ICH9 ACPI PM block)
            PortIo.Write16(0xB004, 0x2000);    // Bochs and older QEMU
            PortIo.Write16(0x4004, 0x3400);    // VirtualBox
            Cpu.HaltForever();
        }

        public static void Reset() => Cpu.Reset();
    }
}
