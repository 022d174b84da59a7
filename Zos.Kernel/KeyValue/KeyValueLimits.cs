namespace Zos.Kernel.KeyValue
{
    // What the store takes (issue 15: keys up to 1 KiB, values up to 16 MiB).
    public static class KeyValueLimits
    {
        public const int MaxKeyBytes = 1024;
        public const int MaxValueBytes = 16 << 20;
        // One batch, encoded, fits one frame: the largest value with room for
        // its key and many small records beside it.
        public const int MaxFramePayloadBytes = MaxValueBytes + (1 << 20);
        // Group commit adds waiting batches to a frame until it holds this much
        // (one batch alone may be larger): one flush then covers many writers
        // without one writer's frame growing without bound.
        public const int GroupTargetBytes = 1 << 20;
        // The values a store keeps in memory beside its index, so that a Get
        // of them reads no sector: those written or read, while they fit.
        public const long DefaultValueCacheBytes = 8 << 20;
    }
}
