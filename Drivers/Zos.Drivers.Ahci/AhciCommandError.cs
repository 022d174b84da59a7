namespace Zos.Drivers.Ahci
{
    // What went wrong with a command, in the words the registers gave:
    // PxIS, the task file (status and error), PxSERR, and the LBA the device
    // reported in its D2H Register FIS. Slot is -1 when the HBA could not say
    // which command failed (an NCQ error with several in flight).
    public sealed class AhciCommandError
    {
        public AhciCommandError(AhciErrorKind kind, int port, int slot, string command, ulong lba, int blocks, uint interruptStatus,
            byte status, byte error, uint sataError, ulong reportedLba, string detail)
        {
            Kind = kind;
            Port = port;
            Slot = slot;
            Command = command;
            Lba = lba;
            Blocks = blocks;
            InterruptStatus = interruptStatus;
            Status = status;
            Error = error;
            SataError = sataError;
            ReportedLba = reportedLba;
            Detail = detail;
        }

        public AhciErrorKind Kind { get; }
        public int Port { get; }
        public int Slot { get; }
        // "READ FPDMA QUEUED", or null when the slot is unknown.
        public string Command { get; }
        public ulong Lba { get; }
        public int Blocks { get; }
        public uint InterruptStatus { get; }
        public byte Status { get; }
        public byte Error { get; }
        public uint SataError { get; }
        // The LBA field of the D2H Register FIS that ended the command: the
        // first failing sector for media errors; NoReportedLba when no such FIS
        // came (an NCQ error arrives in a Set Device Bits FIS, which has none).
        public ulong ReportedLba { get; }
        public const ulong NoReportedLba = ulong.MaxValue;
        // Anything else worth saying ("PRDBC 4096, expected 8192").
        public string Detail { get; }

        // A PACKET command: its error register holds the SCSI sense key in bits 7:4 (ACS-3 7.18.6), not ATA error bits.
        public bool IsPacket => Command is not null && Command.StartsWith("PACKET");

        // ATA error bits worth acting on (ACS-3, 6.3).
        public bool IsUncorrectable => (Error & 0x40) != 0;       // UNC
        public bool IsAddressNotFound => (Error & 0x10) != 0;     // IDNF
        public bool IsAborted => (Error & 0x04) != 0;             // ABRT

        // "port 0: READ FPDMA QUEUED (slot 3, LBA 1000, 8 sectors) failed: device error, status 0x51 (DRDY ERR), error 0x40 (UNC),
        // device reports LBA 1004; PxIS 0x40000008 (TFES SDBS), PxSERR 0x0 (none)"
        public string Message
        {
            get
            {
                string what = Command is null
                    ? "a command (the HBA did not say which slot)"
                    : Command + " (slot " + Slot.ToString() + ", LBA " + Lba.ToString() + ", " + Blocks.ToString() + (Blocks == 1 ? " block)" : " blocks)");
                string text = "port " + Port.ToString() + ": " + what + " failed: " + KindText();
                if (Kind == AhciErrorKind.DeviceError || Kind == AhciErrorKind.InterfaceError || Kind == AhciErrorKind.HostBusError)
                {
                    text += ", status 0x" + Status.ToString("x2") + " (" + AhciErrorText.Status(Status) + "), error 0x" + Error.ToString("x2")
                        + (IsPacket ? " (sense key 0x" + (Error >> 4).ToString("x") + ")" : " (" + AhciErrorText.Error(Error) + ")");
                    if (Kind == AhciErrorKind.DeviceError && (IsUncorrectable || IsAddressNotFound) && ReportedLba != NoReportedLba)
                        text += ", device reports LBA " + ReportedLba.ToString();
                }
                if (Detail is not null) text += ", " + Detail;
                if (InterruptStatus != 0 || SataError != 0)
                    text += "; PxIS 0x" + InterruptStatus.ToString("x") + " (" + AhciErrorText.InterruptStatus(InterruptStatus) + "), PxSERR 0x"
                        + SataError.ToString("x") + " (" + AhciErrorText.SataError(SataError) + ")";
                return text;
            }
        }

        public override string ToString() => Message;

        private string KindText() => Kind switch
        {
            AhciErrorKind.DeviceError => "device error",
            AhciErrorKind.HostBusError => "host bus error",
            AhciErrorKind.InterfaceError => "interface error",
            AhciErrorKind.Overflow => "the device sent more data than the PRDT describes",
            AhciErrorKind.TransferMismatch => "wrong transfer length",
            _ => "timed out",
        };
    }
}
