using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Drivers.VirtIO
{
    // The memory BARs a modern virtio device's structures live in, each
    // requested from the driver's context once, and the structures' windows
    // derived from them.
    internal sealed class VirtioPciBars
    {
        private readonly DriverContext _context;
        private readonly MmioRegion[] _bars = new MmioRegion[6];

        public VirtioPciBars(DriverContext context) => _context = context;

        // The structure's window of its BAR, with these rights; an error when
        // the BAR is not granted or the window does not fit in it.
        public string Window(VirtioPciStructure structure, CapabilityRights rights, out MmioRegion window)
        {
            window = null;
            string what = "the virtio " + VirtioPciStructure.Name(structure.Type) + " structure (capability at 0x" + structure.Capability.ToString("x2") + ")";
            MmioRegion bar = _bars[structure.Bar];
            if (bar is null)
            {
                CapabilityDenial denial = _context.RequestMmio(structure.Bar, CapabilityRights.ReadWrite, out bar);
                if (denial is not null) return what + ": BAR " + structure.Bar.ToString() + ": " + denial.ToString();
                _bars[structure.Bar] = bar;
            }
            if (structure.Offset > bar.Size || structure.Length > bar.Size - structure.Offset)
                return what + " at 0x" + structure.Offset.ToString("x") + "+0x" + structure.Length.ToString("x") + " lies outside BAR "
                    + structure.Bar.ToString() + " (0x" + bar.Size.ToString("x") + " bytes)";
            if (structure.Length == 0) return what + " is empty";
            CapabilityDenial refused = bar.Derive(structure.Offset, structure.Length, rights, out window);
            return refused is null ? null : what + ": " + refused.ToString();
        }
    }
}
