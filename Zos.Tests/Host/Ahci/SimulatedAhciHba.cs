using Zos.Tests.Host.Capabilities;

namespace Zos.Tests.Host.Ahci;

// An AHCI HBA behind ABAR, written from AHCI 1.3.1 and QEMU's ich9-ahci as
// ../shared/notes/devices.md describes it: CAP 0xC0141F05 (64-bit, NCQ,
// AHCI only, 32 slots, 6 ports, no CLO), VS 1.0, PI 0x3F, CAP2 0. The
// generic host control registers (3.1) are here, the ports in
// SimulatedAhciPort. Only aligned 32-bit writes reach a register: others
// are dropped, as QEMU drops misaligned ones. Time is simulated: Advance
// moves it (the engine's delay does, through SimulatedDelay).
public sealed class SimulatedAhciHba : SimulatedRegisterFile
{
    public const ulong AbarBytes = 0x1000;

    private uint _ghc = 0x80000000;   // AE reads 1 with CAP.SAM (3.1.2)
    private uint _is;
    private uint _bohc;
    private long _resetDoneAt = -1, _biosReleasesAt = -1;

    public SimulatedAhciHba(SimulatedBusMemory bus, uint cap = 0xC0141F05, uint portsImplemented = 0x3F, uint version = 0x00010000, uint cap2 = 0)
    {
        Cap = cap;
        PortsImplemented = portsImplemented;
        Version = version;
        Cap2 = cap2;
        // 3.1.11: with CAP2.BOH the BIOS owns the HBA at first (BOS).
        if ((cap2 & 0x1) != 0) _bohc = 0x1;
        Ports = new SimulatedAhciPort[32];
        for (int i = 0; i < 32; i++)
            if ((portsImplemented & (1u << i)) != 0) Ports[i] = new SimulatedAhciPort(this, i, bus);
    }

    public uint Cap { get; }
    public uint Cap2 { get; }
    public uint PortsImplemented { get; }
    public uint Version { get; }
    public SimulatedAhciPort[] Ports { get; }
    public long Now { get; private set; }
    public uint GlobalControl => _ghc;
    public uint HandoffControl => _bohc;
    public int HbaResets { get; private set; }
    public int DroppedWrites { get; private set; }
    public List<string> Violations { get; } = new();
    // GHC.IE and an enabled port interrupt: the interrupt line (or message) is asserted.
    public bool InterruptAsserted { get; private set; }
    public int InterruptsRaised { get; private set; }
    // How long GHC.HR takes (QEMU: at once); negative: never finishes.
    public int ResetMilliseconds { get; set; }
    // The BIOS's answer to OOS: BB for this long first (0: none), then BOS released; negative: never.
    public int BiosBusyMilliseconds { get; set; }
    public int BiosReleaseMilliseconds { get; set; } = 2;

    public SimulatedAhciPort Port(int index) => Ports[index];

    public void Advance(int milliseconds)
    {
        Now += milliseconds;
        Tick();
    }

    public override ulong Read(ulong offset, int width)
    {
        Tick();
        uint value = ReadRegister(offset & ~3UL);
        // Narrower reads see their byte lanes of the 32-bit register.
        int shift = (int)(offset & 3) * 8;
        return width >= 4 ? value : (value >> shift) & (width == 1 ? 0xFFu : 0xFFFFu);
    }

    public override void Write(ulong offset, int width, ulong value)
    {
        Tick();
        if (width != 4 || (offset & 3) != 0)
        {
            DroppedWrites++;
            return;
        }
        WriteRegister(offset, (uint)value);
        Tick();
    }

    internal void UpdateInterrupt()
    {
        uint pending = 0;
        for (int i = 0; i < 32; i++)
            if (Ports[i] is { InterruptPending: true }) pending |= 1u << i;
        // IS bits are set by ports with enabled interrupts and cleared by software (3.1.3).
        _is |= pending;
        bool asserted = (_ghc & 0x2) != 0 && _is != 0;
        if (asserted && !InterruptAsserted) InterruptsRaised++;
        InterruptAsserted = asserted;
    }

    private uint ReadRegister(ulong offset)
    {
        if (offset >= 0x100)
        {
            int port = (int)((offset - 0x100) / 0x80);
            return port < 32 && Ports[port] is { } p ? p.Read((offset - 0x100) % 0x80) : 0;
        }
        return offset switch
        {
            0x00 => Cap,
            0x04 => _ghc,
            0x08 => _is,
            0x0C => PortsImplemented,
            0x10 => Version,
            0x24 => Cap2,
            0x28 => _bohc,
            _ => 0,
        };
    }

    private void WriteRegister(ulong offset, uint value)
    {
        if (offset >= 0x100)
        {
            int port = (int)((offset - 0x100) / 0x80);
            if (port < 32 && Ports[port] is { } p) p.Write((offset - 0x100) % 0x80, value);
            else Violations.Add($"write to unimplemented port {port}");
            return;
        }
        switch (offset)
        {
            case 0x04:   // GHC: AE (31, read-only 1 here), IE (1), HR (0)
                _ghc = 0x80000000 | (value & 0x2) | (_ghc & 0x1);
                if ((value & 0x1) != 0 && (_ghc & 0x1) == 0) StartReset();
                UpdateInterrupt();
                break;
            case 0x08:   // IS: write 1 to clear; bits of ports still pending stay (3.1.3)
                _is &= ~value;
                UpdateInterrupt();
                break;
            case 0x28:   // BOHC: OOS (1) and OOC (3, write 1 to clear) are the OS's (3.1.11)
                if ((Cap2 & 0x1) == 0)
                {
                    Violations.Add("BOHC written but CAP2.BOH is 0");
                    break;
                }
                if ((value & 0x2) != 0 && (_bohc & 0x2) == 0)
                {
                    _bohc |= 0x2;
                    if (BiosBusyMilliseconds > 0) _bohc |= 0x10;   // BB
                    _biosReleasesAt = BiosReleaseMilliseconds < 0 ? -1 : Now + BiosBusyMilliseconds + BiosReleaseMilliseconds;
                }
                break;
            default:
                Violations.Add($"write of 0x{value:x} to read-only register 0x{offset:x}");
                break;
        }
    }

    private void StartReset()
    {
        _ghc |= 0x1;
        HbaResets++;
        if (ResetMilliseconds >= 0) _resetDoneAt = Now + ResetMilliseconds;
    }

    private void Tick()
    {
        if (_resetDoneAt >= 0 && Now >= _resetDoneAt)
        {
            _resetDoneAt = -1;
            // 10.4.3: HR resets GHC (AE stays 1 with SAM), IS and every port; HR then reads 0.
            _ghc = 0x80000000;
            _is = 0;
            foreach (SimulatedAhciPort? port in Ports) port?.HbaReset();
        }
        if (_biosReleasesAt >= 0 && Now >= _biosReleasesAt)
        {
            _biosReleasesAt = -1;
            _bohc &= ~0x11u;   // BOS and BB clear: the OS owns it
        }
        foreach (SimulatedAhciPort? port in Ports) port?.Tick(Now);
    }
}
