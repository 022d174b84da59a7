using Zos.Drivers.VirtIO;

namespace Zos.Drivers.VirtIOBlock
{
    // The negotiated features in words, for `blk`: "version-1 event-idx flush". access-platform: the device's DMA
    // goes through the platform's IOMMU (without it QEMU's virtio bypasses VT-d, docs/iommu.md).
    public static class VirtioBlkFeatureNames
    {
        private static readonly ulong[] Bits =
        [
            VirtioFeature.Version1, VirtioFeature.AccessPlatform, VirtioFeature.EventIndex, VirtioFeature.IndirectDescriptors, VirtioBlkFeature.SizeMax,
            VirtioBlkFeature.SegMax, VirtioBlkFeature.BlockSize, VirtioBlkFeature.Flush, VirtioBlkFeature.ReadOnly,
        ];

        private static readonly string[] Names = ["version-1", "access-platform", "event-idx", "indirect", "size-max", "seg-max", "blk-size", "flush", "read-only"];

        public static string Of(ulong features)
        {
            string text = "";
            for (int i = 0; i < Bits.Length; i++)
                if ((features & Bits[i]) != 0) text += (text.Length == 0 ? "" : " ") + Names[i];
            return text.Length == 0 ? "none" : text;
        }
    }
}
