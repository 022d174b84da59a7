using Zos.Hal.Acpi;
using Zos.Hal.Memory;
using Zos.Kernel.Platform;

namespace Zos.SelfTests
{
    // GRUB hands over the RSDP, so boot never needs the fallback scan; this
    // runs it over the real firmware memory and checks it finds the same RSDP
    // and, through it, the same tables.
    public sealed class AcpiBiosScanTest : KernelTest
    {
        public override string Name => "acpi.bios_scan";

        public override string Run()
        {
            AcpiTables booted = KernelAcpi.Tables;
            if (booted is null) return "no ACPI tables at boot: " + KernelAcpi.Error;
            if (KernelAcpi.EbdaAddress == 0) return "no EBDA address from the boot loader's lower memory size";
            if (!RootPointerScan.TryFind(IdentityMappedMemory.Instance, KernelAcpi.EbdaAddress, out RootPointer scanned, out ulong address, out string error))
                return "scan failed: " + error;
            if (address < RootPointerScan.BiosAreaStart && (address < KernelAcpi.EbdaAddress || address >= KernelAcpi.EbdaAddress + RootPointerScan.EbdaSearchLength))
                return "scan reports an RSDP outside the searched areas, at 0x" + address.ToString("x");
            if (scanned.RsdtAddress != booted.RootPointer.RsdtAddress || scanned.OemId != booted.RootPointer.OemId)
                return "scan found RSDT 0x" + scanned.RsdtAddress.ToString("x") + " (" + scanned.OemId + "), boot used 0x"
                    + booted.RootPointer.RsdtAddress.ToString("x") + " (" + booted.RootPointer.OemId + ")";
            if (!AcpiTables.TryLoad(IdentityMappedMemory.Instance, scanned, out AcpiTables tables, out error)) return "tables from the scanned RSDP: " + error;
            return Expect(tables.Tables.Length == booted.Tables.Length && tables.Madt.Processors.Length == booted.Madt.Processors.Length,
                "the scanned RSDP leads to other tables");
        }
    }
}
