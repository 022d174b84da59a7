namespace Zos.Hal.Memory
{
    // Hands out 4 KiB physical frames, tracked one bit per frame in a bitmap
    // the caller provides (bit set = not available: reserved, marked used or
    // allocated). Everything starts reserved; the boot code frees what the
    // memory map calls available, then marks the kernel image, modules and the
    // bitmap itself used. Frame 0 is never handed out, so that a physical
    // address of 0 can keep meaning "none".
    public sealed class FrameAllocator
    {
        public const ulong FrameSize = 4096;
        private const int FramesPerWord = 64;
        private const ulong FullWord = ulong.MaxValue;

        private readonly ulong[] _bitmap;
        private readonly ulong _totalFrames;
        private ulong _freeFrames;
        // Every word before this one is full, so searches start here.
        private int _searchWord;

        public FrameAllocator(ulong[] bitmap)
        {
            _bitmap = bitmap;
            _totalFrames = (ulong)bitmap.Length * FramesPerWord;
            for (int i = 0; i < bitmap.Length; i++) bitmap[i] = FullWord;
        }

        // Bitmap words needed to cover physical addresses below endAddress.
        public static ulong BitmapWords(ulong endAddress)
        {
            ulong frames = endAddress / FrameSize + (endAddress % FrameSize != 0 ? 1UL : 0UL);
            return (frames + FramesPerWord - 1) / FramesPerWord;
        }

        // Every frame the bitmap covers; the ones not free count as used.
        public ulong TotalFrames => _totalFrames;
        public ulong FreeFrames => _freeFrames;
        public ulong UsedFrames => _totalFrames - _freeFrames;

        // Frees only the frames lying wholly inside the range, since a partial
        // frame shares its page with memory that is not ours.
        public void MarkFree(ulong physicalBase, ulong length)
        {
            ulong first = physicalBase / FrameSize + (physicalBase % FrameSize != 0 ? 1UL : 0UL);
            ulong end = RangeEnd(physicalBase, length) / FrameSize;
            if (first == 0) first = 1;
            if (end > _totalFrames) end = _totalFrames;
            if (first >= end) return;
            _freeFrames += UpdateRange(first, end, setBits: false);
            int word = (int)(first / FramesPerWord);
            if (word < _searchWord) _searchWord = word;
        }

        // Marks every frame the range touches.
        public void MarkUsed(ulong physicalBase, ulong length)
        {
            if (length == 0) return;
            ulong first = physicalBase / FrameSize;
            ulong last = (RangeEnd(physicalBase, length) - 1) / FrameSize;
            ulong end = last < _totalFrames ? last + 1 : _totalFrames;
            if (first >= end) return;
            _freeFrames -= UpdateRange(first, end, setBits: true);
        }

        public bool TryAllocate(out ulong physicalAddress)
        {
            for (int word = _searchWord; word < _bitmap.Length; word++)
            {
                ulong bits = _bitmap[word];
                if (bits == FullWord) continue;
                int bit = TrailingZeroCount(~bits);
                _bitmap[word] = bits | (1UL << bit);
                _freeFrames--;
                _searchWord = word;
                physicalAddress = ((ulong)word * FramesPerWord + (ulong)bit) * FrameSize;
                return true;
            }
            _searchWord = _bitmap.Length;
            physicalAddress = 0;
            return false;
        }

        // A run of free frames starting at a multiple of alignment (bytes; a
        // power of two, anything below a frame meaning frame-aligned), for
        // devices that need physically contiguous buffers.
        public bool TryAllocateContiguous(int frames, ulong alignment, out ulong physicalAddress)
        {
            physicalAddress = 0;
            if (frames <= 0 || (alignment & (alignment - 1)) != 0) return false;
            ulong alignFrames = alignment <= FrameSize ? 1 : alignment / FrameSize;
            ulong count = (ulong)frames;
            ulong candidate = AlignUp((ulong)_searchWord * FramesPerWord, alignFrames);
            while (candidate < _totalFrames && count <= _totalFrames - candidate)
            {
                ulong used = FirstUsed(candidate, candidate + count);
                if (used == ulong.MaxValue)
                {
                    _freeFrames -= UpdateRange(candidate, candidate + count, setBits: true);
                    physicalAddress = candidate * FrameSize;
                    return true;
                }
                // Every start up to the used frame would include it.
                candidate = AlignUp(used + 1, alignFrames);
            }
            return false;
        }

        // False, changing nothing, for an address that was not allocated:
        // unaligned, outside the bitmap, frame 0 or already free. (A reserved
        // frame cannot be told from an allocated one, so freeing it succeeds.)
        public bool Free(ulong physicalAddress)
        {
            if (physicalAddress % FrameSize != 0) return false;
            ulong frame = physicalAddress / FrameSize;
            if (frame == 0 || frame >= _totalFrames) return false;
            int word = (int)(frame / FramesPerWord);
            ulong mask = 1UL << (int)(frame % FramesPerWord);
            if ((_bitmap[word] & mask) == 0) return false;
            _bitmap[word] &= ~mask;
            _freeFrames++;
            if (word < _searchWord) _searchWord = word;
            return true;
        }

        public bool IsFree(ulong physicalAddress)
        {
            ulong frame = physicalAddress / FrameSize;
            return frame < _totalFrames && (_bitmap[frame / FramesPerWord] & (1UL << (int)(frame % FramesPerWord))) == 0;
        }

        // Sets or clears the bits of frames [first, end), a word at a time;
        // returns how many bits changed.
        private ulong UpdateRange(ulong first, ulong end, bool setBits)
        {
            ulong changed = 0;
            for (ulong frame = first; frame < end;)
            {
                int word = (int)(frame / FramesPerWord);
                ulong wordEnd = (ulong)(word + 1) * FramesPerWord;
                ulong stop = end < wordEnd ? end : wordEnd;
                ulong mask = BitsBetween((int)(frame % FramesPerWord), (int)(stop - (ulong)word * FramesPerWord));
                ulong bits = _bitmap[word];
                if (setBits)
                {
                    changed += (ulong)PopCount(~bits & mask);
                    _bitmap[word] = bits | mask;
                }
                else
                {
                    changed += (ulong)PopCount(bits & mask);
                    _bitmap[word] = bits & ~mask;
                }
                frame = stop;
            }
            return changed;
        }

        // The first frame in [first, end) that is not free, or ulong.MaxValue.
        private ulong FirstUsed(ulong first, ulong end)
        {
            for (ulong frame = first; frame < end;)
            {
                int word = (int)(frame / FramesPerWord);
                ulong wordStart = (ulong)word * FramesPerWord;
                ulong stop = end < wordStart + FramesPerWord ? end : wordStart + FramesPerWord;
                ulong used = _bitmap[word] & BitsBetween((int)(frame - wordStart), (int)(stop - wordStart));
                if (used != 0) return wordStart + (ulong)TrailingZeroCount(used);
                frame = stop;
            }
            return ulong.MaxValue;
        }

        // The end of [base, base + length), clamped to the top of the address space.
        private static ulong RangeEnd(ulong physicalBase, ulong length) =>
            length > ulong.MaxValue - physicalBase ? ulong.MaxValue : physicalBase + length;

        private static ulong AlignUp(ulong value, ulong alignment) => (value + alignment - 1) / alignment * alignment;

        // A mask of bits [low, high), 0 <= low < high <= 64.
        private static ulong BitsBetween(int low, int high)
        {
            ulong belowHigh = high == 64 ? FullWord : (1UL << high) - 1;
            return belowHigh & ~((1UL << low) - 1);
        }

        private static int PopCount(ulong value)
        {
            value -= (value >> 1) & 0x5555555555555555UL;
            value = (value & 0x3333333333333333UL) + ((value >> 2) & 0x3333333333333333UL);
            value = (value + (value >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
            return (int)((value * 0x0101010101010101UL) >> 56);
        }

        // For a non-zero value: the bits below its lowest set bit, counted.
        private static int TrailingZeroCount(ulong value) => PopCount(~value & (value - 1));
    }
}
