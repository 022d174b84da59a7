using Zos.Drivers.VirtIO;
using Zos.Hal.Capabilities;
using Zos.Hal.Capabilities.Granting;
using Zos.Hal.Memory;
using Zos.Kernel.Memory;

namespace Zos.SelfTests.VirtIO
{
    // The split virtqueue compiled by ilc against Zos's corlib, over real DMA
    // frames: the test plays the device by writing the used ring itself. It
    // runs ShouldNotify and the interrupt re-check, so Interlocked.MemoryBarrier
    // (an mfence in barrier.asm) runs too, and a used idx jump is caught as the
    // driver's exception.
    public sealed class SplitVirtqueueTest : KernelTest
    {
        private const int QueueSize = 8;

        public override string Name => "virtio.split_virtqueue";

        private sealed class TestOwner : CapabilityOwner
        {
            public TestOwner() : base("virtqueue-test") { }
        }

        public override string Run()
        {
            var authority = new CapabilityAuthority(MachineIoPorts.Instance, IdentityMappedMemory.Instance,
                new FrameDmaMemory(KernelMemory.Frames), 64 * 1024, 4);
            var owner = new TestOwner();
            ulong freeBefore = KernelMemory.Frames.FreeFrames;
            string failure = Exercise(authority, owner);
            authority.RevokeAll(owner);
            authority.BeginNewGeneration(owner);
            return failure ?? Expect(KernelMemory.Frames.FreeFrames == freeBefore, "the queue's DMA frames did not come back");
        }

        private static string Exercise(CapabilityAuthority authority, CapabilityOwner owner)
        {
            var layout = new VirtqueueLayout(QueueSize);
            CapabilityDenial denial = authority.GrantDmaPool(owner, 64 * 1024, CapabilityAuthority.Below4GiB,
                CapabilityRights.Allocate | CapabilityRights.ReadWrite, out DmaPool pool);
            if (denial is not null) return "granting a DMA pool: " + denial.ToString();
            denial = pool.Allocate(layout.TotalBytes, out DmaBuffer ring);
            if (denial is not null) return "allocating the ring: " + denial.ToString();

            var queue = new SplitVirtqueue(ring, QueueSize, VirtioFeature.EventIndex);
            var chain = new[] { new VirtqueueSegment(0x5000, 16, false), new VirtqueueSegment(0x6000, 512, true) };
            if (!queue.TryAdd(chain, out ushort head)) return "an empty queue refused a chain";
            queue.Publish();
            if (ring.Read16(layout.AvailableIndexOffset) != 1 || ring.Read64(layout.DescriptorOffset(head)) != 0x5000)
                return "the chain is not in the ring";
            if (!queue.ShouldNotify()) return "avail_event 0 asks for the first chain, ShouldNotify said no";

            // The device: one used element (id, 300 bytes written), then the used idx.
            ring.Write64(layout.UsedElementOffset(0), head | (300UL << 32));
            ring.Write16(layout.UsedIndexOffset, 1);
            if (!queue.EnableInterruptsAndCheckUsed()) return "the re-check missed a used chain";
            if (!queue.TryTakeUsed(out VirtqueueUsedEntry used) || used.Head != head || used.WrittenBytes != 300)
                return "the used chain came back as head " + used.Head.ToString() + ", " + used.WrittenBytes.ToString() + " bytes";
            if (queue.FreeDescriptors != QueueSize) return "the chain's descriptors were not freed";

            queue.TryAdd(chain, out _);
            queue.Publish();
            ring.Write16(layout.UsedIndexOffset, 40);
            try
            {
                queue.TryTakeUsed(out _);
                return "a used idx jump went unnoticed";
            }
            catch (VirtioProtocolException jump)
            {
                return Expect(jump.Message == "used index jumped from 1 to 40 with 1 in flight", "the jump was reported as: " + jump.Message);
            }
        }
    }
}
