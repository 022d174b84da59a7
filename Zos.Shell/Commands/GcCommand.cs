using System;
using Zos.Hal.Memory;
using Zos.Hal.Timing;

namespace Zos.Shell.Commands
{
    // `gc`: collect now and report the pause. `gc bench`: time small
    // allocations and collection pauses over several live heap sizes.
    public sealed class GcCommand : ShellCommand
    {
        private const int BenchAllocations = 1_000_000;
        private const int PauseRuns = 3;
        private const int NodeBytes = 64;

        public override string Name => "gc";
        public override string Usage => "gc [bench]";
        public override string Summary => "collect garbage now, or benchmark the collector";

        private sealed class Small
        {
            public long Value;
        }

        private sealed class LiveNode
        {
            public LiveNode Next;
            public byte[] Payload;
        }

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length == 0) return Collect(output);
            if (arguments.Length == 1 && arguments[0] == "bench") return Bench(output);
            return arguments.Length == 1 ? "unknown gc action '" + arguments[0] + "'" : "gc takes at most one argument";
        }

        private static string Collect(TextSink output)
        {
            ulong before = RuntimeHeap.Statistics.UsedBytes;
            ulong pause = TimedCollect();
            HeapStatistics after = RuntimeHeap.Statistics;
            output.WriteLine("heap_used_before_bytes: " + before.ToString());
            output.WriteLine("heap_used_after_bytes: " + after.UsedBytes.ToString());
            output.WriteLine("pause_us: " + (pause / 1000).ToString());
            output.WriteLine("heap_collections: " + after.Collections.ToString());
            return null;
        }

        private static string Bench(TextSink output)
        {
            GC.Collect();
            ulong collections = RuntimeHeap.Statistics.Collections;
            ulong start = TimestampClock.NanosecondsSinceBoot;
            Small last = null;
            for (int i = 0; i < BenchAllocations; i++) last = new Small { Value = i };
            ulong elapsed = TimestampClock.NanosecondsSinceBoot - start;
            GC.KeepAlive(last);
            output.WriteLine("alloc_ns_per_object: " + (elapsed / BenchAllocations).ToString());
            output.WriteLine("alloc_collections: " + (RuntimeHeap.Statistics.Collections - collections).ToString());
            for (int mib = 1; mib <= 16; mib *= 4)
            {
                LiveNode live = BuildLive((ulong)mib << 20);
                ulong best = ulong.MaxValue;
                for (int run = 0; run < PauseRuns; run++)
                {
                    ulong pause = TimedCollect();
                    if (pause < best) best = pause;
                }
                output.WriteLine("pause_us_live_" + mib.ToString() + "_mib: " + (best / 1000).ToString());
                output.WriteLine("live_" + mib.ToString() + "_mib_used_bytes: " + RuntimeHeap.Statistics.UsedBytes.ToString());
                GC.KeepAlive(live);
            }
            return null;
        }

        // A list of nodes with payloads, about bytes in all.
        private static LiveNode BuildLive(ulong bytes)
        {
            LiveNode head = null;
            for (ulong built = 0; built < bytes; built += NodeBytes + 32)
                head = new LiveNode { Next = head, Payload = new byte[NodeBytes - 24] };
            return head;
        }

        private static ulong TimedCollect()
        {
            ulong start = TimestampClock.NanosecondsSinceBoot;
            GC.Collect();
            return TimestampClock.NanosecondsSinceBoot - start;
        }
    }
}
