namespace Zos.Drivers.Ahci
{
    // What is on a port: the link state (PxSSTS.DET, IPM) and, once the link
    // is up and active, the device's signature (PxSIG; AHCI 1.3.1, 3.3.9-3.3.10).
    public enum AhciDeviceKind
    {
        // DET 0: nothing there.
        None,
        // DET 1: a device is present but the phy did not establish communication.
        NoCommunication,
        // DET 4: the phy is offline (disabled, or in BIST loopback).
        Offline,
        // DET 3 but IPM not active (partial, slumber, devsleep): not started by this engine.
        PowerManaged,
        Ata,
        Atapi,
        PortMultiplier,
        EnclosureBridge,
        // DET 3, active, but a signature no kind has.
        Unknown,
    }
}
