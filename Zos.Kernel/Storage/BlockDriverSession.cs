using Zos.Hal;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Kernel.Storage
{
    // One driver incarnation serving a block device: its channel, the
    // supervisor's deadline watch for the requests handed to it, and the loans
    // of client memory its requests carry (when a lender is given: the kernel's
    // authority lends to the driver instance; host simulations may lend nothing).
    public abstract class BlockDriverSession
    {
        private readonly CapabilityAuthority _lender;
        private readonly CapabilityOwner _borrower;

        protected BlockDriverSession(DriverChannel<BlockDriverRequest, BlockDriverCompletion> channel, int incarnation,
            CapabilityAuthority lender = null, CapabilityOwner borrower = null)
        {
            Channel = channel;
            Incarnation = incarnation;
            _lender = lender;
            _borrower = borrower;
        }

        public DriverChannel<BlockDriverRequest, BlockDriverCompletion> Channel { get; }
        public int Incarnation { get; }
        // Whether it lends its requests' memory (then parts may be larger: BlockDeviceInfo.MaxSectorsPerLentRequest).
        public bool Lends => _lender is not null;

        // A request was handed over: answer it by the deadline or be restarted.
        public abstract void Started(int tag, int deadlineMilliseconds);
        public abstract void Finished(int tag);

        // Why this incarnation's answers are not to be believed, or null: the
        // IOMMU blocked its device's DMA, and a device may still report success
        // for a command whose data never moved (QEMU's NVMe does). Asked after
        // each answer is taken, so a fault recorded before the answer is seen.
        public virtual string DeviceFault => null;

        // Lends the driver buffer[offset, offset + length) for one read or write,
        // with the rights its device needs (it writes the memory for a read,
        // reads it for a write); null when this session lends nothing or the
        // memory cannot be lent, and the driver copies instead.
        public DmaBuffer Lend(byte[] buffer, int offset, int length, bool deviceWrites)
        {
            if (_lender is null) return null;
            _lender.Lend(_borrower, buffer, offset, length, deviceWrites ? CapabilityRights.Write : CapabilityRights.Read,
                CapabilityAuthority.Below4GiB, out DmaBuffer lent);
            return lent;
        }

        // Once the request is answered or its incarnation ended.
        public void EndLoan(DmaBuffer lent)
        {
            if (lent is not null) _lender.EndLoan(lent);
        }

        // The loans of requests answered together (one IOTLB invalidation for all).
        public void EndLoans(GrowableArray<DmaBuffer> lent)
        {
            if (lent.Count > 0) _lender.EndLoans(lent);
        }
    }
}
