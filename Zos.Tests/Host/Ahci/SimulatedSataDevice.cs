namespace Zos.Tests.Host.Ahci;

// What sits at the other end of a port's link: its signature (what the
// first D2H Register FIS after a reset puts in PxSIG; SATA 3.x 11.2), the
// status it shows when ready, and the commands it executes.
public abstract class SimulatedSataDevice
{
    public abstract uint Signature { get; }
    public abstract byte ReadyStatus { get; }
    // Every command it was given: code, LBA (or the packet's operation code for ATAPI), count.
    public List<(byte Command, ulong Lba, int Count)> Executed { get; } = new();

    public abstract SimulatedAtaResult Execute(SimulatedTaskFile taskFile, byte[] packet, bool atapiBit, SimulatedDataPhase data);
}
