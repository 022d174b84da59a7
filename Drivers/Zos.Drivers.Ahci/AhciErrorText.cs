namespace Zos.Drivers.Ahci
{
    // Names for the bits of PxIS, the ATA status and error registers and
    // PxSERR, for error messages: "TFES DHRS", "DRDY ERR", "UNC".
    public static class AhciErrorText
    {
        // PxIS (AHCI 1.3.1, 3.3.5), bit 31 down to 0.
        private static readonly string[] InterruptBits =
        {
            "DHRS", "PSS", "DSS", "SDBS", "UFS", "DPS", "PCS", "DMPS", null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, "PRCS", "IPMS", "OFS", null, "INFS", "IFS", "HBDS", "HBFS", "TFES", "CPDS",
        };

        // ATA status (ACS-3, 6.2): BSY DRDY DF/SE DSC (obsolete, QEMU still sets it) DRQ - - ERR.
        private static readonly string[] StatusBits = { "ERR", null, null, "DRQ", "DSC", "DF", "DRDY", "BSY" };

        // ATA error (ACS-3, 6.3): ICRC UNC - IDNF - ABRT - -; MC, MCR and NM are retired.
        private static readonly string[] ErrorBits = { "AMNF", "NM", "ABRT", "MCR", "IDNF", "MC", "UNC", "ICRC" };

        // PxSERR (3.3.12): ERR in 15:0, DIAG in 31:16.
        private static readonly string[] SataErrorBits =
        {
            "ERR.I", "ERR.M", null, null, null, null, null, null, "ERR.T", "ERR.C", "ERR.P", "ERR.E", null, null, null, null,
            "DIAG.N", "DIAG.I", "DIAG.W", "DIAG.B", "DIAG.D", "DIAG.C", "DIAG.H", "DIAG.S", "DIAG.T", "DIAG.F", "DIAG.X", null, null, null, null, null,
        };

        public static string InterruptStatus(uint value) => Names(value, InterruptBits, 31);

        public static string Status(byte value) => Names(value, StatusBits, 7);

        public static string Error(byte value) => Names(value, ErrorBits, 7);

        public static string SataError(uint value) => Names(value, SataErrorBits, 31);

        // The named bits that are set, highest first; unnamed set bits as "bitN"; "none" for 0.
        private static string Names(uint value, string[] names, int highest)
        {
            if (value == 0) return "none";
            string text = null;
            for (int bit = highest; bit >= 0; bit--)
            {
                if ((value & (1u << bit)) == 0) continue;
                string name = names[bit] ?? "bit" + bit.ToString();
                text = text is null ? name : text + " " + name;
            }
            return text;
        }
    }
}
