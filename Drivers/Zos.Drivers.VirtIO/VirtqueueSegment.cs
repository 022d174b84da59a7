namespace Zos.Drivers.VirtIO
{
    // One buffer of a descriptor chain: where the device finds it, how long it
    // is, and whether the device writes it (else it only reads it).
    public readonly struct VirtqueueSegment
    {
        public VirtqueueSegment(ulong deviceAddress, uint length, bool deviceWritable)
        {
            DeviceAddress = deviceAddress;
            Length = length;
            DeviceWritable = deviceWritable;
        }

        public ulong DeviceAddress { get; }
        public uint Length { get; }
        public bool DeviceWritable { get; }
    }
}
