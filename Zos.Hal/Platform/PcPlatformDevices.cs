using Zos.Hal.Acpi;
using Zos.Hal.Drivers;

namespace Zos.Hal.Platform
{
    // The PC's devices at fixed addresses that drivers can bind, and whether
    // this machine has each, from the firmware.
    //
    // The 8042 keyboard controller (IBM PC/AT Technical Reference, "Keyboard
    // Controller"): data at port 0x60, status (read) and command (write) at
    // 0x64, its keyboard port on ISA IRQ 1 and its auxiliary (mouse) port on
    // IRQ 12. Whether it exists is bit 1 of the FADT's IA-PC boot architecture
    // flags (ACPI 6.5, 5.2.9.3), a field FADTs have from revision 3 (ACPI 2.0)
    // on. As Linux does, an older FADT, or none at all, counts as a legacy PC,
    // which has one; only a FADT that has the flags and leaves bit 1 clear says no.
    public static class PcPlatformDevices
    {
        public const ushort I8042DataPort = 0x60, I8042CommandPort = 0x64;
        public const byte I8042KeyboardIrq = 1, I8042AuxiliaryIrq = 12;

        // Every platform device the kernel knows, each with its presence on this
        // machine. tables: null when the firmware has none (acpiError says why).
        public static PlatformDevice[] Discover(AcpiTables tables, string acpiError)
        {
            bool present = I8042Presence(tables, acpiError, out string presence);
            return
            [
                new PlatformDevice(PlatformDeviceNames.I8042, "8042 keyboard controller",
                    [new FixedPortRange(I8042DataPort, 1), new FixedPortRange(I8042CommandPort, 1)],
                    [I8042KeyboardIrq, I8042AuxiliaryIrq], present, presence),
            ];
        }

        private static bool I8042Presence(AcpiTables tables, string acpiError, out string presence)
        {
            if (tables is null)
            {
                presence = "assumed: no ACPI tables (" + acpiError + "), so a legacy PC";
                return true;
            }
            FadtTable fadt = tables.Fadt;
            if (fadt is null)
            {
                presence = "assumed: no usable FADT (" + (tables.FadtError ?? "none listed") + ")";
                return true;
            }
            if (!fadt.HasBootArchitectureFlags)
            {
                presence = "assumed: FADT revision " + fadt.Revision.ToString() + " has no IA-PC boot architecture flags";
                return true;
            }
            string flags = "the FADT's IA-PC boot architecture flags 0x" + fadt.BootArchitectureFlags.ToString("x");
            bool has8042 = (fadt.BootArchitectureFlags & FadtTable.I8042Flag) != 0;
            presence = has8042 ? flags + " name an 8042" : flags + " say there is no 8042";
            return has8042;
        }
    }
}
