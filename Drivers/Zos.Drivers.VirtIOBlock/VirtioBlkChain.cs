using System;
using Zos.Drivers.VirtIO;

namespace Zos.Drivers.VirtIOBlock
{
    // The descriptor chain of one request (virtio 1.2, 5.2.6): the 16-byte header
    // the device reads, the data (read by the device for a write, written for a
    // read or get id) cut at size_max, and the status byte it writes.
    public static class VirtioBlkChain
    {
        // Fills `into` and returns the number of segments. dataBytes is whole
        // sectors for reads and writes, 0 for flush, IdBytes for get id; a request
        // beyond the limits or a short `into` is an ArgumentException (split
        // requests to VirtioBlkLimits.MaxRequestBytes first).
        public static int Build(VirtioBlkLimits limits, VirtioBlkRequestType type, ulong headerAddress,
            ulong dataAddress, int dataBytes, ulong statusAddress, Span<VirtqueueSegment> into)
        {
            CheckData(limits, type, dataBytes);
            int dataSegments = dataBytes == 0 ? 0 : limits.DataSegments(dataBytes);
            if (into.Length < dataSegments + 2)
                throw new ArgumentException("the request needs " + (dataSegments + 2).ToString() + " segments, room for "
                    + into.Length.ToString() + " was given");
            bool deviceWritesData = type != VirtioBlkRequestType.Out;
            into[0] = new VirtqueueSegment(headerAddress, VirtioBlkProtocol.HeaderBytes, false);
            int count = 1;
            for (long offset = 0; offset < dataBytes; offset += limits.MaxSegmentBytes)
            {
                uint length = (uint)Math.Min(dataBytes - offset, limits.MaxSegmentBytes);
                into[count++] = new VirtqueueSegment(dataAddress + (ulong)offset, length, deviceWritesData);
            }
            into[count++] = new VirtqueueSegment(statusAddress, VirtioBlkProtocol.StatusBytes, true);
            return count;
        }

        private static void CheckData(VirtioBlkLimits limits, VirtioBlkRequestType type, int dataBytes)
        {
            switch (type)
            {
                case VirtioBlkRequestType.In:
                case VirtioBlkRequestType.Out:
                    if (dataBytes <= 0 || dataBytes % VirtioBlkProtocol.SectorBytes != 0)
                        throw new ArgumentException("reads and writes carry whole 512-byte sectors, not " + dataBytes.ToString() + " bytes");
                    if (dataBytes > limits.MaxRequestBytes)
                        throw new ArgumentException("a " + dataBytes.ToString() + "-byte request needs " + limits.DataSegments(dataBytes).ToString()
                            + " segments of at most " + limits.MaxSegmentBytes.ToString() + " bytes; the device takes "
                            + limits.MaxRequestBytes.ToString() + " bytes in " + limits.MaxDataSegments.ToString());
                    return;
                case VirtioBlkRequestType.Flush:
                    if (dataBytes != 0) throw new ArgumentException("a flush carries no data, not " + dataBytes.ToString() + " bytes");
                    return;
                case VirtioBlkRequestType.GetId:
                    if (dataBytes != VirtioBlkProtocol.IdBytes)
                        throw new ArgumentException("get id takes a 20-byte buffer, not " + dataBytes.ToString() + " bytes");
                    return;
                default:
                    throw new ArgumentException("request type " + ((uint)type).ToString() + " is not one this driver sends");
            }
        }
    }
}
