using Zos.Hal;
using Zos.Hal.Interrupts;
using Zos.Kernel.Threading;

namespace Zos.SelfTests.Threading
{
    // A real device interrupt wakes a blocked thread: the CMOS clock's periodic
    // interrupt (ISA IRQ 8, through the I/O APIC) sets an event the test waits on.
    public sealed class IrqWakesThreadTest : KernelTest
    {
        private const byte RtcIrq = 8;
        private const ushort CmosIndex = 0x70, CmosData = 0x71;
        private const byte NoNmi = 0x80, RegisterA = 0x0A, RegisterB = 0x0B, RegisterC = 0x0C;
        private const byte PeriodicEnable = 0x40, PeriodicFlag = 0x40, Rate16Hz = 12;

        public override string Name => "threads.irq_wakes_thread";

        private sealed class RtcPeriodicInterrupt : IrqHandler
        {
            public readonly KernelEvent Tick = new KernelEvent(autoReset: true);
            public int Count;

            public override bool Handle()
            {
                // Reading register C acknowledges the clock; it raises nothing more until then.
                if ((ReadCmos(RegisterC) & PeriodicFlag) == 0) return false;
                Count++;
                Tick.Set();
                return true;
            }
        }

        public override string Run()
        {
            var handler = new RtcPeriodicInterrupt();
            string error = IrqLines.AttachIsa(RtcIrq, handler);
            if (error is not null) return error;
            ulong flags = Cpu.DisableInterruptsSaving();
            WriteCmos(RegisterA, (byte)((ReadCmos(RegisterA) & 0xF0) | Rate16Hz));
            WriteCmos(RegisterB, (byte)(ReadCmos(RegisterB) | PeriodicEnable));
            ReadCmos(RegisterC);
            Cpu.RestoreInterrupts(flags);

            int wakeups = 0;
            for (int i = 0; i < 3; i++) if (handler.Tick.Wait(2000)) wakeups++;

            flags = Cpu.DisableInterruptsSaving();
            WriteCmos(RegisterB, (byte)(ReadCmos(RegisterB) & ~PeriodicEnable));
            Cpu.RestoreInterrupts(flags);
            IrqLines.DetachIsa(RtcIrq, handler);
            return Expect(wakeups == 3, "woken " + wakeups.ToString() + " times of 3 within 2 s each")
                ?? Expect(handler.Count >= 3 && IrqLines.Count(IrqLines.IsaLine(RtcIrq)) >= 3, "IRQ 8 counted " + IrqLines.Count(IrqLines.IsaLine(RtcIrq)).ToString() + " times");
        }

        private static byte ReadCmos(byte register)
        {
            PortIo.Write8(CmosIndex, (byte)(NoNmi | register));
            return PortIo.Read8(CmosData);
        }

        private static void WriteCmos(byte register, byte value)
        {
            PortIo.Write8(CmosIndex, (byte)(NoNmi | register));
            PortIo.Write8(CmosData, value);
        }
    }
}
