namespace Zos.Drivers.Ahci
{
    // Why a command failed.
    public enum AhciErrorKind
    {
        // The device ended it with ERR set (PxIS.TFES): the ATA error register says why.
        DeviceError,
        // The HBA could not reach memory it was given (PxIS.HBFS) or got a data error there (HBDS).
        HostBusError,
        // The link failed (PxIS.IFS).
        InterfaceError,
        // The device sent more data than the PRDT describes (PxIS.OFS).
        Overflow,
        // The command ended without error but moved a different number of bytes than asked (PRDBC).
        TransferMismatch,
        // The command did not finish in time; the port was recovered.
        Timeout,
    }
}
