namespace Zos.Build;

// The QEMU command line Zos boots with, shared by `zos run`, `zos debug` and
// the in-QEMU tests so that all three boot the same machine. Two vCPUs because
// QEMU 7.2's TCG can lose device interrupts with one; isa-debug-exit so that a
// panic ends QEMU with exit code 33 instead of leaving it halted. `-boot d` boots
// the CD at once: otherwise SeaBIOS tries any disk and the floppy first (70 ms here).
public static class QemuCommand
{
    public const string Executable = "qemu-system-x86_64";
    public const int PanicExitCode = 33;

    public static List<string> Arguments(string iso, params string[] extra) => Arguments(iso, exitOnPanic: true, extra);

    // exitOnPanic false: a panic halts the CPU and QEMU stays, showing the report on its screen.
    public static List<string> Arguments(string iso, bool exitOnPanic, params string[] extra) =>
    [
        "-cdrom", iso,
        "-boot", "d",
        .. MachineArguments,
        .. exitOnPanic ? PanicExitArguments : [],
        .. extra,
    ];

    private static readonly string[] PanicExitArguments = ["-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"];

    // The machine itself, without what boots on it: also used to boot the Linux guest
    // that benchmarks are compared with, so that both run on the same virtual hardware.
    public static readonly string[] MachineArguments =
    [
        "-m", "256M",
        "-smp", "2",
        "-serial", "stdio",
        "-display", "none",
        "-no-reboot",
    ];

    // The "no serial" machine, as near VirtualBox's hardware as QEMU gets (docs/virtualbox.md): the
    // q35 chipset (ICH9, as VirtualBox's ICH9 option) with its AHCI controller and a disk on port 0,
    // the ISO on port 2 (-cdrom on q35), standard VGA (VBE, as VBoxVGA), the i8042 PS/2 keyboard
    // every PC machine has, and no serial port at all. A panic halts there: no exit device.
    public static List<string> ScreenProfileArguments(string iso, string disk, QemuDisplay display, params string[] extra) =>
    [
        "-machine", "q35",
        "-m", "256M",
        "-smp", "2",
        "-cdrom", iso,
        "-boot", "d",
        "-drive", $"file={disk},if=none,id=d0,format=raw",
        "-device", "ide-hd,drive=d0,bus=ide.0",
        "-vga", "std",
        "-serial", "none",
        "-no-reboot",
        .. display.Arguments,
        .. extra,
    ];
}
