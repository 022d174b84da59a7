namespace Zos.Drivers.Ahci
{
    // What one AhciPort.Poll found: slots finished well, slots finished badly
    // (AhciPort.ErrorOf says why), and whether the port stopped on an error
    // (then AhciPort.Recover before anything else).
    public readonly struct AhciPollResult
    {
        public AhciPollResult(uint completed, uint failed, bool halted)
        {
            Completed = completed;
            Failed = failed;
            Halted = halted;
        }

        public uint Completed { get; }
        public uint Failed { get; }
        public bool Halted { get; }
    }
}
