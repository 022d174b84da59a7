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
}
