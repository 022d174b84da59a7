using Zos.Hal.Memory;

namespace Zos.SelfTests
{
    // Churn on several threads at once: many short-lived objects, arrays (some
    // large) and strings are dropped while long-lived structures (linked lists
    // of nodes with strings, int arrays and arrays of structs holding
    // references: one per thread, one kept by the test) must come through
    // unchanged, whichever thread's allocation triggered each collection and
    // wherever the others were preempted. The heap must stay bounded,
    // collections must happen, and every new object must arrive zeroed even
    // when it reuses freed memory.
    public sealed class GcSoakTest : KernelTest
    {
        // About 4 s under QEMU TCG.
        private const int Objects = 10_000_000;
        private const int Threads = 4;
        private const int LongLivedNodes = 3000;
        private const ulong UsedLimit = 24UL << 20;
        private const int SampleEvery = 4096;
        // Above the largest size class: a run of whole pages.
        private const int LargeObjectBytes = 100_000;

        public override string Name => "memory.gc_soak";

        private sealed class Node
        {
            public int Id;
            public string Label;
            public int[] Values;
            public Link[] Links;
            public Node Next;
        }

        private struct Link
        {
            public string Tag;
            public Node Target;
            public long Weight;
        }

        private sealed class Garbage
        {
            public long A;
            public Garbage Other;
            public object Payload;
        }

        private sealed class Worker
        {
            private readonly Node _head = BuildLongLived();
            public string Error = "did not finish";
            public ulong MaxUsed;

            public void Run() => Error = Churn(Objects / Threads, ref MaxUsed) ?? Verify(_head);
        }

        public override string Run()
        {
            Node head = BuildLongLived();
            ulong collectionsBefore = RuntimeHeap.Statistics.Collections;
            var workers = new Worker[Threads];
            var threads = new Zos.Kernel.Threading.KernelThread[Threads];
            for (int t = 0; t < Threads; t++)
            {
                workers[t] = new Worker();
                threads[t] = Zos.Kernel.Threading.Scheduler.Start("soak-" + t.ToString(), workers[t].Run,
                    Zos.Kernel.Threading.ThreadPriority.Normal, null, out string error);
                if (threads[t] is null) return error;
            }
            ulong maxUsed = 0;
            for (int t = 0; t < Threads; t++)
            {
                if (!threads[t].Join(120_000)) return "soak thread " + t.ToString() + " did not finish";
                if (workers[t].Error is not null) return "soak thread " + t.ToString() + ": " + workers[t].Error;
                if (workers[t].MaxUsed > maxUsed) maxUsed = workers[t].MaxUsed;
            }
            ulong collections = RuntimeHeap.Statistics.Collections - collectionsBefore;
            return Verify(head)
                ?? Expect(collections > 0, "no collection happened during " + Objects.ToString() + " allocations")
                ?? Expect(maxUsed < UsedLimit, "the heap grew to " + maxUsed.ToString() + " bytes used");
        }

        private static string Churn(int objects, ref ulong maxUsed)
        {
            var previous = new Garbage();
            for (int i = 0; i < objects; i++)
            {
                switch (i & 7)
                {
                    case 0:
                        int[] fresh = new int[(i >> 3) % 40 + 1];
                        for (int k = 0; k < fresh.Length; k++)
                            if (fresh[k] != 0) return "a new int[] (object " + i.ToString() + ") was not zeroed";
                        fresh[fresh.Length - 1] = i;
                        break;
                    case 1:
                        var churn = new Garbage { A = i, Other = previous };
                        if (churn.Payload is not null) return "a new object (object " + i.ToString() + ") was not zeroed";
                        // Now and then the chain of garbage is cut loose.
                        previous = (i & 1023) == 1 ? new Garbage() : churn;
                        break;
                    case 2:
                        var boxes = new object[3];
                        boxes[0] = previous;
                        break;
                    case 3:
                        if ((i & 65535) == 3) previous.Payload = new byte[LargeObjectBytes];
                        else if ((i & 255) == 3) previous.Payload = new string('x', (i >> 8) % 100 + 1);
                        else previous.Payload = new byte[(i >> 3) % 200 + 1];
                        break;
                    default:
                        previous.Other = new Garbage { A = -i };
                        break;
                }
                if (i % SampleEvery == 0)
                {
                    ulong used = RuntimeHeap.Statistics.UsedBytes;
                    if (used > maxUsed) maxUsed = used;
                }
            }
            return null;
        }

        private static Node BuildLongLived()
        {
            Node head = null;
            for (int i = LongLivedNodes - 1; i >= 0; i--)
            {
                var node = new Node { Id = i, Label = "node " + i.ToString(), Values = new int[i % 17 + 1], Next = head };
                for (int k = 0; k < node.Values.Length; k++) node.Values[k] = i * 31 + k;
                node.Links = new Link[i % 3 + 1];
                for (int k = 0; k < node.Links.Length; k++)
                    node.Links[k] = new Link { Tag = "link " + k.ToString(), Target = head, Weight = i - k };
                head = node;
            }
            return head;
        }

        private static string Verify(Node head)
        {
            int count = 0;
            for (Node node = head; node is not null; node = node.Next, count++)
            {
                int i = node.Id;
                if (i != count) return "node " + count.ToString() + " has id " + i.ToString();
                if (node.Label != "node " + i.ToString()) return "node " + i.ToString() + " has label '" + node.Label + "'";
                if (node.Values.Length != i % 17 + 1) return "node " + i.ToString() + " lost its values";
                for (int k = 0; k < node.Values.Length; k++)
                    if (node.Values[k] != i * 31 + k) return "node " + i.ToString() + " value " + k.ToString() + " changed";
                if (node.Links.Length != i % 3 + 1) return "node " + i.ToString() + " lost its links";
                for (int k = 0; k < node.Links.Length; k++)
                {
                    Link link = node.Links[k];
                    if (link.Tag != "link " + k.ToString() || link.Weight != i - k || link.Target != node.Next)
                        return "node " + i.ToString() + " link " + k.ToString() + " changed";
                }
            }
            return Expect(count == LongLivedNodes, "the list has " + count.ToString() + " nodes");
        }
    }
}
