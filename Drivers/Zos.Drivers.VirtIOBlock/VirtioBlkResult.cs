using Zos.Drivers.VirtIO;

namespace Zos.Drivers.VirtIOBlock
{
    // How a request ended, from the status byte the device wrote.
    public readonly struct VirtioBlkResult
    {
        private readonly VirtioBlkRequestType _type;
        private readonly ulong _sector;
        private readonly long _bytes;

        private VirtioBlkResult(VirtioBlkStatus status, VirtioBlkRequestType type, ulong sector, long bytes)
        {
            Status = status;
            _type = type;
            _sector = sector;
            _bytes = bytes;
        }

        public VirtioBlkStatus Status { get; }
        public bool Succeeded => Status == VirtioBlkStatus.Ok;

        // A status byte that is none of OK, IOERR, UNSUPP (including the 0xff a
        // driver leaves there, when the device completed without writing one) is
        // a VirtioProtocolException.
        public static VirtioBlkResult FromStatus(byte status, VirtioBlkRequestType type, ulong sector, long bytes)
        {
            if (status > (byte)VirtioBlkStatus.Unsupported)
                throw new VirtioProtocolException("device completed the " + VirtioBlkProtocol.Describe(type, sector, bytes)
                    + " with status 0x" + status.ToString("x2") + ", which is none of OK, IOERR, UNSUPP");
            return new VirtioBlkResult((VirtioBlkStatus)status, type, sector, bytes);
        }

        // Null when the request succeeded.
        public string ErrorMessage
        {
            get
            {
                string what = VirtioBlkProtocol.Describe(_type, _sector, _bytes);
                switch (Status)
                {
                    case VirtioBlkStatus.IoError: return what + " failed: the device reported an I/O error (VIRTIO_BLK_S_IOERR)";
                    case VirtioBlkStatus.Unsupported: return what + " failed: the device does not support it (VIRTIO_BLK_S_UNSUPP)";
                    default: return null;
                }
            }
        }
    }
}
