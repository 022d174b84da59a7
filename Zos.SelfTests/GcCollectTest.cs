using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Zos.Kernel.Memory;

namespace Zos.SelfTests
{
    // GC.Collect frees an unreachable graph (used bytes drop, weak handles to
    // it are cleared), while a pinned buffer stays at its address with its
    // contents and a graph held only by a Normal handle survives whole, in
    // place. (Like the BCL, Pinned refuses objects that contain references.)
    public sealed class GcCollectTest : KernelTest
    {
        private const int GarbageChains = 100;
        private const int ChainLength = 50;
        private const int BufferBytes = 4096;
        private const int KeptNodes = 200;

        public override string Name => "memory.gc_collect";

        private sealed class Node
        {
            public string Text;
            public long[] Numbers;
            public Node Next;
        }

        public override string Run()
        {
            int countBefore = GC.CollectionCount(0);
            GCHandle pinned = PinBuffer(out nint address);
            GCHandle kept = GCHandle.Alloc(BuildChain(KeptNodes, "kept"));
            nint keptAddress = AddressOf(kept.Target);
            GCHandle[] weak = MakeGarbage();
            ulong usedWithGarbage = KernelMemory.HeapUsedBytes;
            GC.Collect();
            ulong usedAfter = KernelMemory.HeapUsedBytes;

            int cleared = 0;
            for (int i = 0; i < weak.Length; i++)
            {
                if (weak[i].Target is null) cleared++;
                weak[i].Free();
            }
            string failure = Expect(GC.CollectionCount(0) > countBefore, "GC.Collect did not count a collection")
                ?? Expect(usedAfter + GarbageChains * ChainLength * 64UL < usedWithGarbage,
                    "used bytes went from " + usedWithGarbage.ToString() + " to only " + usedAfter.ToString())
                // The stack is scanned conservatively: a stale word may keep a chain or two.
                ?? Expect(cleared >= GarbageChains * 9 / 10, "only " + cleared.ToString() + " weak handles were cleared")
                ?? Expect(pinned.AddrOfPinnedObject() == address, "the pinned buffer moved")
                ?? CheckBuffer((byte[])pinned.Target, address)
                ?? CheckChain((Node)kept.Target, KeptNodes, "kept")
                ?? Expect(AddressOf(kept.Target) == keptAddress, "the handle-held chain moved");
            pinned.Free();
            kept.Free();
            return failure ?? Expect(!pinned.IsAllocated && !kept.IsAllocated, "freed handles still report allocated");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static GCHandle PinBuffer(out nint address)
        {
            var buffer = new byte[BufferBytes];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = (byte)(i * 7);
            GCHandle handle = GCHandle.Alloc(buffer, GCHandleType.Pinned);
            address = handle.AddrOfPinnedObject();
            return handle;
        }

        // Chains nobody references, each watched by a weak handle on its head.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static GCHandle[] MakeGarbage()
        {
            var weak = new GCHandle[GarbageChains];
            for (int i = 0; i < GarbageChains; i++) weak[i] = GCHandle.Alloc(BuildChain(ChainLength, "garbage"), GCHandleType.Weak);
            return weak;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Node BuildChain(int length, string prefix)
        {
            Node head = null;
            for (int i = length - 1; i >= 0; i--)
                head = new Node { Text = prefix + " " + i.ToString(), Numbers = new long[] { i, -i, i * i }, Next = head };
            return head;
        }

        private static nint AddressOf(object obj) => Unsafe.As<object, nint>(ref obj);

        private static string CheckChain(Node head, int length, string prefix)
        {
            int i = 0;
            for (Node node = head; node is not null; node = node.Next, i++)
                if (node.Text != prefix + " " + i.ToString() || node.Numbers.Length != 3 || node.Numbers[0] != i || node.Numbers[1] != -i || node.Numbers[2] != (long)i * i)
                    return "node " + i.ToString() + " of the handle-held chain changed";
            return Expect(i == length, "the handle-held chain has " + i.ToString() + " nodes");
        }

        private static unsafe string CheckBuffer(byte[] buffer, nint address)
        {
            if (buffer is null || buffer.Length != BufferBytes) return "the pinned buffer was lost";
            fixed (byte* data = buffer)
                if ((nint)data != address) return "the pinned buffer's address changed";
            for (int i = 0; i < buffer.Length; i++)
                if (buffer[i] != (byte)(i * 7)) return "the pinned buffer changed at byte " + i.ToString();
            return null;
        }
    }
}
