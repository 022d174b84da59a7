using System;
using Zos.Hal.Drivers.Block;

namespace Zos.Kernel.Storage
{
    // A client's request to a block device: any number of sectors (the device
    // splits it to its driver's limits), completed exactly once, through
    // Completed, with Status and Error. The buffer holds Sectors × 512 bytes
    // from Offset (read into, or written from).
    public sealed class BlockRequest
    {
        public BlockRequest(BlockOperation operation, ulong sector, int sectors, byte[] buffer, int offset, Action<BlockRequest> completed)
        {
            Operation = operation;
            Sector = sector;
            Sectors = sectors;
            Buffer = buffer;
            Offset = offset;
            Completed = completed;
        }

        public BlockOperation Operation { get; }
        public ulong Sector { get; }
        public int Sectors { get; }
        public byte[] Buffer { get; }
        public int Offset { get; }
        public Action<BlockRequest> Completed { get; }

        public bool IsComplete { get; private set; }
        public BlockStatus Status { get; private set; }
        public string Error { get; private set; }
        // How often a part of it was sent again to a new driver incarnation.
        public int Replays { get; internal set; }
        // Timestamps for latency statistics (set by the device's clock).
        public ulong SubmittedNanoseconds { get; internal set; }
        public ulong CompletedNanoseconds { get; private set; }

        // Parts not yet answered; the first failure wins.
        internal int PiecesLeft;

        internal void Fail(BlockStatus status, string error)
        {
            if (Status != BlockStatus.Ok) return;
            Status = status;
            Error = error;
        }

        // Returns false if it had already completed (which would be a bug in the device).
        internal bool Complete(ulong now)
        {
            if (IsComplete) return false;
            IsComplete = true;
            CompletedNanoseconds = now;
            return true;
        }
    }
}
