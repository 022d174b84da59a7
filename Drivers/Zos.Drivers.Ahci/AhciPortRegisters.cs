namespace Zos.Drivers.Ahci
{
    // One port's registers, as offsets from its base (AhciHbaRegisters.PortBase),
    // and their bits (AHCI 1.3.1, section 3.3). Every register is 32 bits wide.
    public static class AhciPortRegisters
    {
        public const ulong CommandListBase = 0x00;       // PxCLB  (3.3.1), 1 KiB aligned
        public const ulong CommandListBaseUpper = 0x04;  // PxCLBU (3.3.2)
        public const ulong FisBase = 0x08;               // PxFB   (3.3.3), 256 B aligned
        public const ulong FisBaseUpper = 0x0C;          // PxFBU  (3.3.4)
        public const ulong InterruptStatus = 0x10;       // PxIS   (3.3.5), write 1 to clear
        public const ulong InterruptEnable = 0x14;       // PxIE   (3.3.6)
        public const ulong Command = 0x18;               // PxCMD  (3.3.7)
        public const ulong TaskFileData = 0x20;          // PxTFD  (3.3.8)
        public const ulong Signature = 0x24;             // PxSIG  (3.3.9)
        public const ulong SataStatus = 0x28;            // PxSSTS (3.3.10)
        public const ulong SataControl = 0x2C;           // PxSCTL (3.3.11)
        public const ulong SataError = 0x30;             // PxSERR (3.3.12), write 1 to clear
        public const ulong SataActive = 0x34;            // PxSACT (3.3.13)
        public const ulong CommandIssue = 0x38;          // PxCI   (3.3.14)

        // PxCMD (3.3.7).
        public const uint CmdStart = 1u << 0;                // ST
        public const uint CmdSpinUp = 1u << 1;               // SUD
        public const uint CmdPowerOn = 1u << 2;              // POD
        public const uint CmdCommandListOverride = 1u << 3;  // CLO
        public const uint CmdFisReceiveEnable = 1u << 4;     // FRE
        public const int CmdCurrentSlotShift = 8;            // CCS, bits 12:8
        public const uint CmdCurrentSlotMask = 0x1F;
        public const uint CmdFisReceiveRunning = 1u << 14;   // FR
        public const uint CmdListRunning = 1u << 15;         // CR
        public const uint CmdAtapi = 1u << 24;               // ATAPI

        // PxIS and PxIE share their bit positions (3.3.5, 3.3.6).
        public const uint IsDeviceToHostRegisterFis = 1u << 0;  // DHRS
        public const uint IsPioSetupFis = 1u << 1;              // PSS
        public const uint IsDmaSetupFis = 1u << 2;              // DSS
        public const uint IsSetDeviceBits = 1u << 3;            // SDBS
        public const uint IsUnknownFis = 1u << 4;               // UFS
        public const uint IsDescriptorProcessed = 1u << 5;      // DPS
        public const uint IsPortConnectChange = 1u << 6;        // PCS
        public const uint IsPhyReadyChange = 1u << 22;          // PRCS
        public const uint IsOverflow = 1u << 24;                // OFS
        public const uint IsInterfaceNonFatal = 1u << 26;       // INFS
        public const uint IsInterfaceFatal = 1u << 27;          // IFS
        public const uint IsHostBusData = 1u << 28;             // HBDS
        public const uint IsHostBusFatal = 1u << 29;            // HBFS
        public const uint IsTaskFileError = 1u << 30;           // TFES

        // The errors after which the HBA stops processing the list and needs
        // ST cleared and set again (6.1, 6.2.2); OFS stops the command too (6.1.5).
        public const uint IsFatalErrors = IsTaskFileError | IsHostBusFatal | IsHostBusData | IsInterfaceFatal | IsOverflow;

        // What this engine asks to be interrupted for: completions and every error.
        public const uint InterruptsWanted = IsDeviceToHostRegisterFis | IsPioSetupFis | IsDmaSetupFis | IsSetDeviceBits
            | IsUnknownFis | IsDescriptorProcessed | IsPortConnectChange | IsPhyReadyChange | IsOverflow
            | IsInterfaceNonFatal | IsInterfaceFatal | IsHostBusData | IsHostBusFatal | IsTaskFileError;

        // PxTFD (3.3.8): the status register in bits 7:0, the error register in 15:8.
        public const uint TfdBusy = 1u << 7;                 // BSY
        public const uint TfdDataRequest = 1u << 3;          // DRQ
        public const uint TfdError = 1u << 0;                // ERR

        // PxSSTS (3.3.10) and PxSCTL (3.3.11) fields.
        public const uint DetMask = 0xF;                     // DET, bits 3:0
        public const int SpeedShift = 4;                     // SPD, bits 7:4
        public const int PowerShift = 8;                     // IPM, bits 11:8
        public const uint DetDevicePresentPhyUp = 3;         // SSTS.DET: device present, communication established
        public const uint IpmActive = 1;                     // SSTS.IPM: interface active
        public const uint SctlDetComReset = 1;               // SCTL.DET: perform interface initialisation (COMRESET)
        public const uint SctlDetNone = 0;

        // PxSIG (3.3.9) values for the device kinds (SATA 3.x, 11.2 signatures).
        public const uint SignatureAta = 0x00000101;
        public const uint SignatureAtapi = 0xEB140101;
        public const uint SignatureEnclosureBridge = 0xC33C0101;
        public const uint SignaturePortMultiplier = 0x96690101;
    }
}
