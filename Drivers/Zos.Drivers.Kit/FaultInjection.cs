using System;
using System.Runtime.CompilerServices;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Drivers
{
    // Commits an injected fault in driver code, so that the crash record names a
    // driver method. Each kind has its own method; none returns. Every driver
    // takes its faults from DriverContext.TakeInjectedFault and commits them here.
    public static class FaultInjection
    {
        private sealed class Holder
        {
            public byte[] Bytes = [];
        }

        // Stays null: NullDereference reads through it.
        private static Holder s_nothing = null;
        private static ulong s_spins;

        // outsideGrant: an access the driver has no right to, for OutsideGrant;
        // pause: a short blocking wait (on the driver's interrupt, say), for Stall;
        // strayDma: one command that makes the device write at the address
        // given, for StrayDma (null: the device does no DMA). StrayDma
        // returns: the driver runs on until the kernel stops it.
        public static void Commit(InjectedFault fault, DriverContext context, Action outsideGrant, Action pause, Action<ulong> strayDma = null)
        {
            if (fault == InjectedFault.StrayDma)
            {
                if (strayDma is null) context.Fail("stray DMA: this driver has no command to commit it with");
                else if (context.StrayDmaTarget == 0) context.Fail("stray DMA: the kernel named no target");
                else strayDma(context.StrayDmaTarget);
                return;
            }
            switch (fault)
            {
                case InjectedFault.Throw: Throw(); break;
                case InjectedFault.NullDereference: NullDereference(); break;
                case InjectedFault.Hang: Hang(); break;
                case InjectedFault.Stall: Stall(context, pause); break;
                case InjectedFault.OutsideGrant: outsideGrant(); break;
                case InjectedFault.UngrantedPorts: UngrantedPorts(context); break;
                case InjectedFault.OutOfMemory: OutOfMemory(); break;
            }
            context.Fail("injected fault " + ((int)fault).ToString() + " did not crash the driver");
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Throw() => throw new InvalidOperationException("injected exception");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void NullDereference() => s_spins += (ulong)s_nothing.Bytes.Length;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Hang()
        {
            while (true) s_spins++;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void Stall(DriverContext context, Action pause)
        {
            while (true)
            {
                context.Heartbeat();
                pause();
            }
        }

        // A driver holds ports of its declared BARs at most: asking on each BAR
        // in turn meets a denial before any port is named.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void UngrantedPorts(DriverContext context)
        {
            for (int bar = 0; bar < DriverManifest.BarCount; bar++)
            {
                CapabilityDenial denial = context.RequestIoPorts(bar, CapabilityRights.Read, out _);
                if (denial is not null) context.Fail("I/O ports: " + denial.ToString());
            }
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void OutOfMemory()
        {
            object[] kept = null;
            while (true)
            {
                var block = new object[1024];
                block[0] = kept;
                kept = block;
            }
        }
    }
}
