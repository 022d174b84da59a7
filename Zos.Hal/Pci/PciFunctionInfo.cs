namespace Zos.Hal.Pci
{
    // What enumeration learned about one function: identity, class, interrupt
    // routing, BARs (sized), capabilities with MSI and MSI-X parsed, and
    // Problems, one sentence each, for whatever in its configuration space made
    // no sense (such parts are left out, never guessed).
    public sealed class PciFunctionInfo
    {
        private const int DeviceBarSlots = 6, BridgeBarSlots = 2;

        private PciFunctionInfo(PciAddress address) { Address = address; }

        public PciAddress Address { get; }
        public ushort VendorId { get; private set; }
        public ushort DeviceId { get; private set; }
        public byte ClassCode { get; private set; }
        public byte Subclass { get; private set; }
        public byte ProgIf { get; private set; }
        public byte Revision { get; private set; }
        // The raw register: layout in bits 0-6, multi-function in bit 7.
        public byte HeaderType { get; private set; }
        public ushort SubsystemVendorId { get; private set; }
        public ushort SubsystemId { get; private set; }
        // The legacy PIC/IOAPIC input firmware routed INTx to (0xFF: none).
        public byte InterruptLine { get; private set; }
        // 0: no INTx; 1-4: INTA#-INTD#.
        public byte InterruptPin { get; private set; }
        // Bridges only: the bus behind it and the highest bus below it.
        public byte SecondaryBus { get; private set; }
        public byte SubordinateBus { get; private set; }
        public PciBar[] Bars { get; private set; } = [];
        public PciCapability[] Capabilities { get; private set; } = [];
        public PciMsiCapability Msi { get; private set; }
        public PciMsiXCapability MsiX { get; private set; }
        public string[] Problems { get; private set; } = [];

        public byte HeaderLayout => (byte)(HeaderType & PciRegisters.HeaderLayoutMask);
        public bool IsMultiFunction => (HeaderType & PciRegisters.HeaderTypeMultiFunction) != 0;
        public bool IsPciBridge => HeaderLayout == PciRegisters.LayoutPciBridge;

        public bool TryGetBar(int index, out PciBar bar)
        {
            for (int i = 0; i < Bars.Length; i++)
            {
                if (Bars[i].Index != index) continue;
                bar = Bars[i];
                return true;
            }
            bar = default;
            return false;
        }

        // Reads the function; null when nothing answers there (vendor 0xFFFF).
        // Sizing the BARs briefly turns the function's decode off.
        public static PciFunctionInfo Read(PciConfigSpace config, PciAddress address)
        {
            ushort vendor = config.Read16(address, PciRegisters.VendorId);
            if (vendor == PciRegisters.AbsentVendor) return null;
            var info = new PciFunctionInfo(address)
            {
                VendorId = vendor,
                DeviceId = config.Read16(address, PciRegisters.DeviceId),
                Revision = config.Read8(address, PciRegisters.Revision),
                ProgIf = config.Read8(address, PciRegisters.ProgIf),
                Subclass = config.Read8(address, PciRegisters.Subclass),
                ClassCode = config.Read8(address, PciRegisters.ClassCode),
                HeaderType = config.Read8(address, PciRegisters.HeaderType),
                InterruptLine = config.Read8(address, PciRegisters.InterruptLine),
                InterruptPin = config.Read8(address, PciRegisters.InterruptPin),
            };
            var problems = new GrowableArray<string>();
            if (info.InterruptPin > 4) problems.Add("interrupt pin " + info.InterruptPin.ToString() + " is not 0-4 (none, INTA-INTD)");
            int barSlots = 0;
            switch (info.HeaderLayout)
            {
                case PciRegisters.LayoutDevice:
                    barSlots = DeviceBarSlots;
                    info.SubsystemVendorId = config.Read16(address, PciRegisters.SubsystemVendorId);
                    info.SubsystemId = config.Read16(address, PciRegisters.SubsystemId);
                    break;
                case PciRegisters.LayoutPciBridge:
                    barSlots = BridgeBarSlots;
                    info.SecondaryBus = config.Read8(address, PciRegisters.SecondaryBus);
                    info.SubordinateBus = config.Read8(address, PciRegisters.SubordinateBus);
                    break;
                case PciRegisters.LayoutCardBusBridge:
                    break;
                default:
                    problems.Add("header layout " + info.HeaderLayout.ToString() + " is unknown; BARs and capabilities not read");
                    info.Problems = problems.ToArray();
                    return info;
            }
            if (barSlots > 0)
            {
                info.Bars = PciBarProbe.Probe(config, address, barSlots, out string[] barProblems);
                for (int i = 0; i < barProblems.Length; i++) problems.Add(barProblems[i]);
            }
            info.Capabilities = PciCapabilityList.Walk(config, address, info.HeaderLayout, out string capabilityError);
            if (capabilityError is not null) problems.Add(capabilityError);
            info.ReadInterruptCapabilities(config, problems);
            info.Problems = problems.ToArray();
            return info;
        }

        private void ReadInterruptCapabilities(PciConfigSpace config, GrowableArray<string> problems)
        {
            int msiOffset = PciCapabilityList.Find(Capabilities, PciCapability.MsiId);
            if (msiOffset >= 0)
            {
                if (PciMsiCapability.TryRead(config, Address, (byte)msiOffset, out PciMsiCapability msi, out string error)) Msi = msi;
                else problems.Add(error);
            }
            int msixOffset = PciCapabilityList.Find(Capabilities, PciCapability.MsiXId);
            if (msixOffset >= 0)
            {
                if (PciMsiXCapability.TryRead(config, Address, (byte)msixOffset, out PciMsiXCapability msix, out string error)) MsiX = msix;
                else problems.Add(error);
            }
        }
    }
}
