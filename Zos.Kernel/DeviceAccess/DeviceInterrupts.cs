using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;
using Zos.Hal.Pci;

namespace Zos.Kernel.DeviceAccess
{
    // The interrupt sources of one PCI function and their device side. A
    // driver's first request of an incarnation picks the mode: MSI-X when the
    // function has a usable table, else MSI, else its INTx line (messages only
    // with a local APIC, and unless LinesOnly). Each source (the line, the MSI
    // vector, each MSI-X entry asked for) is a root capability made at its first
    // request; a message source's vector is allocated then and kept for every
    // later incarnation. A grant connects the signal and enables the source at
    // the device: the message programmed to the vector on the boot CPU, INTx
    // off and bus mastering on (a message is a memory write), or INTx on. At
    // recovery Disable turns every source off at the device first (MSI enable
    // off, MSI-X function mask and entries masked, INTx off), then disconnects.
    // Portable: host tests run it over a simulated function and routing.
    public sealed class DeviceInterrupts
    {
        private readonly CapabilityAuthority _authority;
        private readonly PciConfigSpace _config;
        private readonly PciFunctionInfo _function;
        private readonly InterruptRouting _routing;
        private readonly string _name;
        private readonly PciMsiXTable _table;
        private readonly Source[] _entries;
        private readonly Source _msi = new Source();
        private readonly Source _line = new Source();
        // The mode of the running incarnation's grants; chosen at its first grant.
        private bool _modeChosen;
        private IrqMode _mode;

        // name: the function, for messages ("00:04.0 1234:11e8"); memory: how the kernel reaches MSI-X tables.
        public DeviceInterrupts(CapabilityAuthority authority, PciConfigSpace config, PciFunctionInfo function, InterruptRouting routing,
            PhysicalMemory memory, string name)
        {
            _authority = authority;
            _config = config;
            _function = function;
            _routing = routing;
            _name = name;
            if (function.MsiX is not null && PciMsiXTable.TryLocate(function.MsiX, function.Bars, memory, out PciMsiXTable table, out _))
                _table = table;
            _entries = new Source[_table is null ? 0 : _table.Size];
            if (function.InterruptPin == 0) LineProblem = "no interrupt pin";
            else if (function.InterruptLine >= 16) LineProblem = "INTx is not routed (interrupt line " + function.InterruptLine.ToString() + ")";
        }

        // Why the INTx line cannot be used (null when it can).
        public string LineProblem { get; }

        // Only the INTx line from the next incarnation on (the operator's `irqmode`).
        public bool LinesOnly { get; set; }

        // What the next first request would choose; false when the function has no usable interrupt.
        public bool TryPickMode(out IrqMode mode)
        {
            if (_modeChosen)
            {
                mode = _mode;
                return true;
            }
            mode = IrqMode.Line;
            if (!LinesOnly && _routing.DeliversMessages)
            {
                if (_table is not null) mode = IrqMode.MsiX;
                else if (_function.Msi is not null) mode = IrqMode.Msi;
                if (mode != IrqMode.Line) return true;
            }
            return LineProblem is null;
        }

        // How many entries a driver can name: the MSI-X table's size, 1 for MSI
        // or a line, 0 without an interrupt.
        public int EntryCount => !TryPickMode(out IrqMode mode) ? 0 : mode == IrqMode.MsiX ? _table.Size : 1;

        // Grants entry's source to owner and enables it at the device. A
        // denial says why: no interrupt, an entry outside the table, no vector left,
        // a line that cannot be attached.
        public CapabilityDenial Grant(CapabilityOwner owner, int entry, CapabilityRights rights, out Irq irq)
        {
            irq = null;
            if (!TryPickMode(out IrqMode mode)) return Deny(owner, DenialReason.NotPermitted, _name + " has no usable interrupt: " + LineProblem);
            if (entry < 0 || entry >= EntryCount)
                return Deny(owner, DenialReason.OutsideResource, "interrupt entry " + entry.ToString() + " of " + _name + ": "
                    + (mode == IrqMode.MsiX ? "its MSI-X table has entries 0-" + (_table.Size - 1).ToString()
                        : "it interrupts through " + (mode == IrqMode.Msi ? "one MSI vector" : "its INTx line") + ", entry 0"));
            Source source = mode == IrqMode.MsiX ? _entries[entry] ??= new Source() : mode == IrqMode.Msi ? _msi : _line;
            if (source.Root is null)
            {
                string problem = null;
                IrqSignal signal = mode == IrqMode.Line ? _routing.Line(_function.InterruptLine) : _routing.Message(mode, entry, out problem);
                if (signal is null) return Deny(owner, DenialReason.Unavailable, _name + ": " + problem);
                source.Root = _authority.DeclareIrq(signal);
                source.Signal = signal;
            }
            CapabilityDenial denial = _authority.Grant(source.Root, owner, rights, out irq);
            if (denial is not null) return denial;
            string error = Enable(source, mode, entry);
            if (error is null)
            {
                _modeChosen = true;
                _mode = mode;
                return null;
            }
            _authority.Revoke(irq);
            irq = null;
            return Deny(owner, DenialReason.Unavailable, _name + ": " + error);
        }

        // Nothing of the function reaches a vector or a line any more (a
        // crashed driver's device must interrupt no one); null, or what stays on.
        // The sources and their vectors are kept for the next incarnation.
        public string Disable()
        {
            PciAddress address = _function.Address;
            PciCommandRegister.DisableIntx(_config, address);
            if (_msi.Enabled) PciMsi.Disable(_config, address, _function.Msi);
            bool msixUsed = false;
            for (int i = 0; i < _entries.Length; i++) msixUsed |= _entries[i] is not null && _entries[i].Enabled;
            if (msixUsed)
            {
                // One write stops the whole function; the entries are masked too,
                // so that the next incarnation's unmasking wakes only what it asks for.
                PciMsiX.SetFunctionMask(_config, address, _function.MsiX, true);
                for (int i = 0; i < _entries.Length; i++)
                    if (_entries[i] is not null && _entries[i].Enabled) _table.SetMasked(i, true);
            }
            string error = null;
            if ((PciCommandRegister.Read(_config, address) & PciCommandBits.InterruptDisable) == 0) error = "INTx of " + _name + " stays enabled";
            else if (_msi.Enabled && PciMsi.IsEnabled(_config, address, _function.Msi)) error = "MSI of " + _name + " stays enabled";
            else if (msixUsed && !PciMsiX.IsFunctionMasked(_config, address, _function.MsiX)) error = "MSI-X of " + _name + " stays unmasked";
            if (error is not null) return error;
            Disconnect(_line);
            Disconnect(_msi);
            for (int i = 0; i < _entries.Length; i++) if (_entries[i] is not null) Disconnect(_entries[i]);
            _modeChosen = false;
            return null;
        }

        private string Enable(Source source, IrqMode mode, int entry)
        {
            string error = source.Signal.Connect();
            if (error is not null) return error;
            PciAddress address = _function.Address;
            byte vector = (byte)source.Signal.Number;
            if (mode == IrqMode.Line)
            {
                // A function with MSI or MSI-X enabled does not signal INTx (PCI 3.0, 6.8.1.3 and 6.8.2.3),
                // even masked: an earlier incarnation on messages leaves them on.
                if (_function.MsiX is not null) PciMsiX.Disable(_config, address, _function.MsiX);
                if (_function.Msi is not null) PciMsi.Disable(_config, address, _function.Msi);
                PciCommandRegister.EnableIntx(_config, address);
            }
            else
            {
                if (mode == IrqMode.Msi) error = PciMsi.Enable(_config, address, _function.Msi, _routing.DestinationApicId, vector);
                else
                {
                    // The table is in the function's memory space.
                    PciCommandRegister.EnableMemoryDecode(_config, address);
                    error = _table.Program(entry, _routing.DestinationApicId, vector);
                    if (error is null) PciMsiX.Enable(_config, address, _function.MsiX);
                }
                if (error is not null)
                {
                    source.Signal.Disconnect();
                    return error;
                }
                PciCommandRegister.DisableIntx(_config, address);
                PciCommandRegister.EnableBusMaster(_config, address);
            }
            source.Enabled = true;
            return null;
        }

        private static void Disconnect(Source source)
        {
            if (source.Signal is not null) source.Signal.Disconnect();
            source.Enabled = false;
        }

        private CapabilityDenial Deny(CapabilityOwner owner, DenialReason reason, string message) => _authority.Deny(owner, null, reason, message);

        // One interrupt source: its root capability and signal once asked for,
        // and whether the device has it enabled now.
        private sealed class Source
        {
            public Irq Root;
            public IrqSignal Signal;
            public bool Enabled;
        }
    }
}
