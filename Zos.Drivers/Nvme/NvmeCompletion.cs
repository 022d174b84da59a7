namespace Zos.Drivers.Nvme
{
    // One completion queue entry as the queue pair took it (NVMe 1.4, 4.6,
    // figure 123): DW0 the command's result, DW2 the submission queue's head
    // and id, DW3 the command id (15:0), the phase tag (16) and the status
    // field (31:17, NvmeStatus), and Slot, the queue pair's slot the command
    // id names.
    public readonly struct NvmeCompletion
    {
        public NvmeCompletion(int slot, ushort commandId, uint result, ushort status)
        {
            Slot = slot;
            CommandId = commandId;
            Result = result;
            Status = status;
        }

        public int Slot { get; }
        public ushort CommandId { get; }
        public uint Result { get; }
        public ushort Status { get; }
        public bool Succeeded => NvmeStatus.Succeeded(Status);
    }
}
