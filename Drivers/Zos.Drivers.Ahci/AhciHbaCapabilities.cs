namespace Zos.Drivers.Ahci
{
    // What CAP, CAP2, PI and VS say about an HBA (AHCI 1.3.1, 3.1.1-3.1.5, 3.1.10).
    public sealed class AhciHbaCapabilities
    {
        // The most ports an ABAR can describe: PI has 32 bits.
        public const int MaxPorts = 32;

        public AhciHbaCapabilities(uint cap, uint cap2, uint portsImplemented, uint version)
        {
            Raw = cap;
            Raw2 = cap2;
            PortsImplemented = portsImplemented;
            Version = version;
        }

        public uint Raw { get; }
        public uint Raw2 { get; }
        // One bit per port whose registers are implemented (PI).
        public uint PortsImplemented { get; }
        // VS: major version in bits 31:16, minor in 15:8 and 7:0 ("1.3.1" is 0x00010301).
        public uint Version { get; }

        // NCS and NP are zero-based (3.1.1).
        public int CommandSlots => (int)((Raw >> AhciHbaRegisters.CapCommandSlotsShift) & AhciHbaRegisters.CapCommandSlotsMask) + 1;
        public int PortCount => (int)(Raw & AhciHbaRegisters.CapPortCountMask) + 1;
        public bool Supports64BitAddressing => (Raw & AhciHbaRegisters.Cap64BitAddressing) != 0;
        public bool SupportsNcq => (Raw & AhciHbaRegisters.CapNativeCommandQueuing) != 0;
        public bool SupportsCommandListOverride => (Raw & AhciHbaRegisters.CapCommandListOverride) != 0;
        public bool SupportsStaggeredSpinUp => (Raw & AhciHbaRegisters.CapStaggeredSpinUp) != 0;
        public bool SupportsPortMultiplier => (Raw & AhciHbaRegisters.CapPortMultiplier) != 0;
        // SAM: GHC.AE is read-only 1; the HBA has no legacy (IDE) mode.
        public bool AhciOnly => (Raw & AhciHbaRegisters.CapAhciOnly) != 0;
        public bool HasBiosHandoff => (Raw2 & AhciHbaRegisters.Cap2BiosHandoff) != 0;

        public bool IsImplemented(int port) => port >= 0 && port < MaxPorts && (PortsImplemented & (1u << port)) != 0;

        // "1.0", "1.3.1"; 0.95 is written 0x00000905 (3.1.5).
        public string VersionText
        {
            get
            {
                uint major = Version >> 16, minor = (Version >> 8) & 0xFF, sub = Version & 0xFF;
                if (major == 0 && minor == 9 && sub == 5) return "0.95";
                string text = major.ToString("x") + "." + minor.ToString("x");
                return sub == 0 ? text : text + "." + sub.ToString("x");
            }
        }

        // What the engine cannot work with, or null: no ports, port registers
        // beyond the registers it was granted.
        public string Check(ulong registerBytes)
        {
            if (PortsImplemented == 0) return "the HBA implements no ports (PI 0)";
            int highest = 0;
            for (int port = 0; port < MaxPorts; port++)
                if (IsImplemented(port)) highest = port;
            ulong needed = AhciHbaRegisters.PortBase(highest) + AhciHbaRegisters.PortStride;
            if (needed > registerBytes)
                return "port " + highest.ToString() + " is implemented (PI 0x" + PortsImplemented.ToString("x") + ") but its registers end at 0x"
                    + needed.ToString("x") + ", beyond the 0x" + registerBytes.ToString("x") + " bytes of ABAR";
            return null;
        }

        public override string ToString() =>
            "AHCI " + VersionText + ", " + PortCount.ToString() + " ports (PI 0x" + PortsImplemented.ToString("x") + "), "
            + CommandSlots.ToString() + " slots" + (SupportsNcq ? ", NCQ" : "") + (Supports64BitAddressing ? ", 64-bit" : "")
            + (SupportsCommandListOverride ? ", CLO" : "") + (HasBiosHandoff ? ", BIOS handoff" : "");
    }
}
