namespace Zos.Tests.Host.Ahci;

// The data phase of one command as the device sees it: the HBA moves bytes
// between the device and the PRDT's regions. Returns false / null when the
// PRDT cannot hold the transfer or the HBA could not reach memory; the HBA
// then knows what to flag (OFS, HBFS) and the device gives up.
public interface SimulatedDataPhase
{
    bool ToHost(ReadOnlySpan<byte> data);
    byte[]? FromHost(int bytes);
}
