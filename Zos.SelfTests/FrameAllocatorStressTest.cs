using Zos.Hal.Memory;
using Zos.Kernel.Memory;

namespace Zos.SelfTests
{
    // Takes real frames, writes each one's own address into it, checks that no
    // frame was handed out twice (a shared frame would hold another's address),
    // then gives them all back.
    public sealed unsafe class FrameAllocatorStressTest : KernelTest
    {
        private const int Count = 2048;

        public override string Name => "memory.frame_allocator_stress";

        public override string Run()
        {
            FrameAllocator frames = KernelMemory.Frames;
            ulong freeBefore = frames.FreeFrames;
            var taken = new ulong[Count];
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < Count; i++)
                {
                    if (!frames.TryAllocate(out taken[i])) return "ran out of frames at " + i.ToString();
                    if (taken[i] == 0) return "frame 0 was handed out";
                    ulong* words = (ulong*)taken[i];
                    words[0] = taken[i];
                    words[511] = ~taken[i];
                }
                for (int i = 0; i < Count; i++)
                {
                    ulong* words = (ulong*)taken[i];
                    if (words[0] != taken[i] || words[511] != ~taken[i]) return "frame 0x" + taken[i].ToString("x") + " was handed out twice";
                }
                for (int i = Count - 1; i >= 0; i -= 2)
                    if (!frames.Free(taken[i])) return "free of 0x" + taken[i].ToString("x") + " refused";
                for (int i = Count - 2; i >= 0; i -= 2)
                    if (!frames.Free(taken[i])) return "free of 0x" + taken[i].ToString("x") + " refused";
                if (frames.Free(taken[0])) return "double free accepted";
            }
            return Expect(frames.FreeFrames == freeBefore, "free frames " + frames.FreeFrames.ToString() + ", expected " + freeBefore.ToString());
        }
    }
}
