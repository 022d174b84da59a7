using Zos.Hal.Drivers.Input;
using Zos.Hal.Interrupts;
using Zos.Hal.Serial;
using Zos.Hal.Timing;
using Zos.Kernel.Hosting;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Input
{
    // What the person at the console types, from every source at once: the
    // serial port (its terminal's bytes, escape sequences parsed into keys by
    // a parser of its own, so a sequence split across reads stays whole) and
    // every keyboard driver instance (through its KeyboardClient). One stream
    // of keystrokes for one reader, the shell; each source keeps its own order.
    // Serial bytes wait in the UART until read, as before, so scripted input
    // that waits for each prompt works unchanged.
    public static class ConsoleInput
    {
        private const byte SerialIrq = 4;

        private static readonly KernelEvent s_arrived = new KernelEvent(autoReset: true);
        private static readonly TerminalKeyParser s_terminal = new TerminalKeyParser();
        private static SerialPort s_serial;
        private static KeyboardClient[] s_keyboards = [];

        // The UART raises IRQ 4 when a byte arrives, so the reader sleeps instead
        // of polling. With no UART there is no serial input: an absent port's
        // status would read as endless bytes and starve the keyboards.
        public static void UseSerial(SerialPort port)
        {
            if (!port.IsPresent) return;
            s_serial = port;
            string error = IrqLines.AttachIsa(SerialIrq, new SerialInterrupt());
            if (error is not null) KernelConsole.WriteLine("warning: serial input will not work: " + error);
            port.EnableReceiveInterrupt();
        }

        // A client thread for every instance that speaks the keyboard protocol,
        // before the supervisor starts them (their channels ring the client). Null, or why not.
        public static string AttachKeyboards(DriverInstance[] instances)
        {
            int count = 0;
            for (int i = 0; i < instances.Length; i++)
                if (instances[i].Registration.Protocol == DriverProtocol.Keyboard) count++;
            var keyboards = new KeyboardClient[count];
            for (int i = 0, k = 0; i < instances.Length; i++)
                if (instances[i].Registration.Protocol == DriverProtocol.Keyboard) keyboards[k++] = new KeyboardClient(instances[i], s_arrived);
            s_keyboards = keyboards;
            for (int k = 0; k < keyboards.Length; k++)
                if (Scheduler.Start(keyboards[k].Name + "-input", keyboards[k].Run, ThreadPriority.Normal, null, out string error) is null)
                    return "cannot start " + keyboards[k].Name + "'s input thread: " + error;
            return null;
        }

        // The prompt says "type now", but a keyboard driver still probing its
        // controller flushes what was typed with the controller's buffer. Waits
        // until every keyboard is served, at most timeoutMilliseconds; null, or
        // the first keyboard that is not.
        public static string WaitForKeyboards(int timeoutMilliseconds)
        {
            ulong deadline = TimestampClock.NanosecondsSinceBoot + (ulong)timeoutMilliseconds * 1_000_000;
            KeyboardClient[] keyboards = s_keyboards;
            for (int i = 0; i < keyboards.Length; i++)
            {
                while (!keyboards[i].Serving)
                {
                    if (TimestampClock.NanosecondsSinceBoot > deadline) return keyboards[i].Name;
                    Scheduler.Sleep(10);
                }
            }
            return null;
        }

        // The next keystroke from any source; blocks until there is one.
        public static KeyStroke ReadKey()
        {
            while (true)
            {
                while (s_serial is not null && s_serial.HasData)
                    if (s_terminal.Feed(s_serial.ReadByte(), out KeyStroke typed)) return typed;
                KeyboardClient[] keyboards = s_keyboards;
                for (int i = 0; i < keyboards.Length; i++)
                    if (keyboards[i].TryTake(out KeyStroke pressed)) return pressed;
                s_arrived.Wait();
            }
        }

        // The byte stays in the UART for ReadKey; the handler only wakes the reader.
        private sealed class SerialInterrupt : IrqHandler
        {
            public override bool Handle()
            {
                if (!s_serial.HasData) return false;
                s_arrived.Set();
                return true;
            }
        }
    }
}
