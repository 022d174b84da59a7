namespace Zos.Drivers.VirtIOBlock
{
    // The type field of a request header (virtio 1.2, 5.2.6).
    public enum VirtioBlkRequestType : uint
    {
        In = 0,        // VIRTIO_BLK_T_IN: read sectors
        Out = 1,       // VIRTIO_BLK_T_OUT: write sectors
        Flush = 4,     // VIRTIO_BLK_T_FLUSH: make completed writes durable
        GetId = 8,     // VIRTIO_BLK_T_GET_ID: the 20-byte serial
    }
}
