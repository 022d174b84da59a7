namespace Zos.Drivers.VirtIOBlock
{
    // The status byte a device writes last into a request (virtio 1.2, 5.2.6).
    public enum VirtioBlkStatus : byte
    {
        Ok = 0,            // VIRTIO_BLK_S_OK
        IoError = 1,       // VIRTIO_BLK_S_IOERR
        Unsupported = 2,   // VIRTIO_BLK_S_UNSUPP
    }
}
