using System;
using Zos.Hal.Capabilities;

namespace Zos.Drivers.Ahci
{
    // The HBA as a whole (AHCI 1.3.1, sections 3.1 and 10): its capabilities,
    // taking it over from the firmware, reset, AHCI mode, interrupts, and
    // one AhciPort per implemented port. BringUp does 10.1.2 steps 1-4:
    // afterwards every implemented port is idle and the driver attaches
    // memory to the ports it wants (AhciPort.Attach, Detect, Start).
    public sealed class AhciHba
    {
        // 10.4.3: GHC.HR clears within 1 s.
        public const int ResetMilliseconds = 1000;
        // 10.6.3: the BIOS sets BB within 25 ms if it needs time, and gets at least 2 s then.
        public const int HandoffMilliseconds = 25;
        public const int BiosBusyMilliseconds = 2000;

        private readonly MmioRegion _abar;
        private readonly IDeviceDelay _delay;
        private AhciPort[] _ports;

        public AhciHba(MmioRegion abar, IDeviceDelay delay)
        {
            _abar = abar;
            _delay = delay;
        }

        public AhciHbaCapabilities Capabilities { get; private set; }
        // BringUp needed an HBA reset because a port would not stop.
        public bool ResetPerformed { get; private set; }
        // BringUp took the HBA from the BIOS (BOHC).
        public bool TookOverFromBios { get; private set; }

        // The port's engine; null for a port that is not implemented.
        public AhciPort Port(int index) =>
            _ports is not null && index >= 0 && index < _ports.Length ? _ports[index] : null;

        // CAP, CAP2, PI, VS; null, or why the engine cannot drive this HBA.
        public string ReadCapabilities()
        {
            var capabilities = new AhciHbaCapabilities(Read(AhciHbaRegisters.Capabilities), Read(AhciHbaRegisters.Capabilities2),
                Read(AhciHbaRegisters.PortsImplemented), Read(AhciHbaRegisters.Version));
            if (capabilities.Raw == 0xFFFFFFFF) return "ABAR reads all ones: no HBA answers there";
            string problem = capabilities.Check(_abar.Size);
            if (problem is not null) return problem;
            Capabilities = capabilities;
            _ports = new AhciPort[AhciHbaCapabilities.MaxPorts];
            for (int port = 0; port < AhciHbaCapabilities.MaxPorts; port++)
                if (capabilities.IsImplemented(port)) _ports[port] = new AhciPort(_abar, port, capabilities, _delay);
            return null;
        }

        // 10.1.2 steps 1-4 and 10.6.3: AHCI mode, the BIOS handoff when the
        // HBA has one, interrupts off, every implemented port's engines
        // stopped; an HBA reset when a port will not stop; IS cleared.
        public string BringUp()
        {
            string problem = ReadCapabilities();
            if (problem is not null) return problem;
            EnableAhci();
            if (Capabilities.HasBiosHandoff)
            {
                problem = TakeOverFromBios();
                if (problem is not null) return problem;
            }
            DisableInterrupts();
            problem = StopAllPorts();
            if (problem is not null)
            {
                string reset = Reset();
                if (reset is not null) return problem + "; " + reset;
                ResetPerformed = true;
                problem = StopAllPorts();
                if (problem is not null) return problem + " (even after an HBA reset)";
            }
            Write(AhciHbaRegisters.InterruptStatus, 0xFFFFFFFF);
            return null;
        }

        // GHC.AE (3.1.2): read-only 1 when CAP.SAM; written alone first, as the spec asks.
        public void EnableAhci()
        {
            uint ghc = Read(AhciHbaRegisters.GlobalControl);
            if ((ghc & AhciHbaRegisters.GhcAhciEnable) == 0) Write(AhciHbaRegisters.GlobalControl, ghc | AhciHbaRegisters.GhcAhciEnable);
        }

        // 10.6.3: set OOS, wait for the BIOS to clear BOS (25 ms, or 2 s more
        // when it says it is busy with BB).
        public string TakeOverFromBios()
        {
            uint bohc = Read(AhciHbaRegisters.HandoffControl);
            if ((bohc & AhciHbaRegisters.BohcBiosOwned) == 0 && (bohc & AhciHbaRegisters.BohcOsOwned) != 0) return null;
            Write(AhciHbaRegisters.HandoffControl, bohc | AhciHbaRegisters.BohcOsOwned);
            int limit = HandoffMilliseconds;
            for (int waited = 0; ; waited++)
            {
                bohc = Read(AhciHbaRegisters.HandoffControl);
                if ((bohc & AhciHbaRegisters.BohcBiosOwned) == 0) break;
                if ((bohc & AhciHbaRegisters.BohcBiosBusy) != 0) limit = HandoffMilliseconds + BiosBusyMilliseconds;
                if (waited >= limit)
                    return "the BIOS did not hand the HBA over: BOHC.BOS still set " + limit.ToString() + " ms after OOS (BOHC 0x" + bohc.ToString("x") + ")";
                _delay.Pause(1);
            }
            TookOverFromBios = true;
            return null;
        }

        // Every implemented port's engines stopped (10.1.2 step 3); null, or
        // the ports that would not stop, each with its reason.
        public string StopAllPorts()
        {
            string problems = null;
            for (int port = 0; port < AhciHbaCapabilities.MaxPorts; port++)
            {
                if (_ports[port] is null) continue;
                string problem = _ports[port].StopEngines();
                if (problem is not null) problems = problems is null ? problem : problems + "; " + problem;
            }
            return problems;
        }

        // GHC.HR (10.4.3): the HBA resets itself and every port, and clears HR
        // when done (within 1 s). AHCI mode is set again afterwards.
        public string Reset()
        {
            uint ghc = Read(AhciHbaRegisters.GlobalControl);
            Write(AhciHbaRegisters.GlobalControl, ghc | AhciHbaRegisters.GhcReset);
            for (int waited = 0; ; waited++)
            {
                if ((Read(AhciHbaRegisters.GlobalControl) & AhciHbaRegisters.GhcReset) == 0) break;
                if (waited >= ResetMilliseconds) return "the HBA did not finish its reset: GHC.HR still set after " + ResetMilliseconds.ToString() + " ms";
                _delay.Pause(1);
            }
            EnableAhci();
            return null;
        }

        // GHC.IE after clearing IS (10.1.2 step 7); each port's PxIE is set by AhciPort.Attach.
        public void EnableInterrupts()
        {
            Write(AhciHbaRegisters.InterruptStatus, 0xFFFFFFFF);
            Write(AhciHbaRegisters.GlobalControl, Read(AhciHbaRegisters.GlobalControl) | AhciHbaRegisters.GhcInterruptEnable);
        }

        public void DisableInterrupts()
        {
            uint ghc = Read(AhciHbaRegisters.GlobalControl);
            if ((ghc & AhciHbaRegisters.GhcInterruptEnable) != 0) Write(AhciHbaRegisters.GlobalControl, ghc & ~AhciHbaRegisters.GhcInterruptEnable);
        }

        // IS: one bit per port with an interrupt pending. The interrupt
        // handling order (5.5.3): read IS, Poll those ports (which clears
        // their PxIS), then AcknowledgeInterrupts with what was read.
        public uint ReadInterruptStatus() => Read(AhciHbaRegisters.InterruptStatus);

        public void AcknowledgeInterrupts(uint ports)
        {
            if (ports != 0) Write(AhciHbaRegisters.InterruptStatus, ports);
        }

        private uint Read(ulong register) => _abar.Read32(register);

        private void Write(ulong register, uint value) => _abar.Write32(register, value);
    }
}
