namespace Zos.Drivers.Nvme
{
    // One completion queue entry as the queue pair took it (NVMe 1.4, 4.6,
    // figure 123): DW0 the command's result, DW2 the submission queue's head
    // and id, DW3 the command id (15:0), the phase tag (16) and the status
    // field (31:17, NvmeStatus); Slot is the queue pair's slot the command
    // id names.
    public readonly struct NvmeCompletion
    {
        public NvmeCompletion(int slot, uint result, ushort status)
        {
            Slot = slot;
            Result = result;
            Status = status;
        }

        public int Slot { get; }
        public uint Result { get; }
        public ushort Status { get; }
        public bool Succeeded => NvmeStatus.Succeeded(Status);
    }
}
