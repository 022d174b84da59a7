using Zos.Hal.Memory;

namespace Zos.Hal.Acpi
{
    // What the firmware's ACPI tables say about the platform, as far as Zos
    // uses them: the header of every table the RSDT/XSDT lists, and the parsed
    // MADT, HPET, MCFG and DMAR (null when the firmware has none). The first table
    // of each signature counts. A table Zos parses that is malformed fails the
    // whole load with its reason; tables it does not parse are only listed.
    public sealed class AcpiTables
    {
        private AcpiTables(RootPointer rootPointer, RootTable rootTable, SystemTableHeader[] tables)
        {
            RootPointer = rootPointer;
            RootTable = rootTable;
            Tables = tables;
        }

        public RootPointer RootPointer { get; }
        public RootTable RootTable { get; }
        // In the root table's order.
        public SystemTableHeader[] Tables { get; }
        public MadtTable Madt { get; private set; }
        public HpetTable Hpet { get; private set; }
        public FadtTable Fadt { get; private set; }
        // Why the FADT the tables list could not be read (Fadt is then null).
        public string FadtError { get; private set; }
        public McfgTable Mcfg { get; private set; }
        // The VT-d remapping units, or null; with DmarError when a DMAR was listed but is malformed.
        public DmarTable Dmar { get; private set; }
        public string DmarError { get; private set; }

        // The first listed table with this signature, or null.
        public SystemTableHeader Find(string signature)
        {
            for (int i = 0; i < Tables.Length; i++)
                if (Tables[i].Signature == signature) return Tables[i];
            return null;
        }

        public static bool TryLoad(PhysicalMemory memory, RootPointer rootPointer, out AcpiTables result, out string error)
        {
            result = null;
            if (!RootTable.TryLoad(memory, rootPointer, out RootTable root, out error)) return false;
            var headers = new SystemTableHeader[root.Entries.Length];
            for (int i = 0; i < headers.Length; i++)
                if (!SystemTableHeader.TryReadHeader(memory, root.Entries[i], out headers[i], out error))
                {
                    error = root.Signature + " entry " + i.ToString() + ": " + error;
                    return false;
                }

            var tables = new AcpiTables(rootPointer, root, headers);
            SystemTableHeader madt = tables.Find(MadtTable.SignatureText);
            if (madt is not null)
            {
                if (!MadtTable.TryLoad(memory, madt.Address, out MadtTable parsed, out error)) return false;
                tables.Madt = parsed;
            }
            SystemTableHeader fadt = tables.Find(FadtTable.SignatureText);
            // Only the clock reads the FADT, and it has other references: a bad one costs the PM timer, not the tables.
            if (fadt is not null)
            {
                if (FadtTable.TryLoad(memory, fadt.Address, out FadtTable parsed, out string fadtError)) tables.Fadt = parsed;
                else tables.FadtError = fadtError;
            }
            SystemTableHeader hpet = tables.Find(HpetTable.SignatureText);
            if (hpet is not null)
            {
                if (!HpetTable.TryLoad(memory, hpet.Address, out HpetTable parsed, out error)) return false;
                tables.Hpet = parsed;
            }
            SystemTableHeader mcfg = tables.Find(McfgTable.SignatureText);
            if (mcfg is not null)
            {
                if (!McfgTable.TryLoad(memory, mcfg.Address, out McfgTable parsed, out error)) return false;
                tables.Mcfg = parsed;
            }
            SystemTableHeader dmar = tables.Find(DmarTable.SignatureText);
            // Without a usable DMAR, DMA stays unchecked as before: a bad one costs the IOMMU, not the boot.
            if (dmar is not null)
            {
                if (DmarTable.TryLoad(memory, dmar.Address, out DmarTable parsed, out string dmarError)) tables.Dmar = parsed;
                else tables.DmarError = dmarError;
            }
            result = tables;
            return true;
        }
    }
}
