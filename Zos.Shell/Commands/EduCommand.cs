using Zos.Drivers.Edu;
using Zos.Hal.Timing;
using Zos.Kernel;
using Zos.Kernel.Hosting;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // Uses the edu driver through its channel, as a client would.
    public sealed class EduCommand : ShellCommand
    {
        private const string DriverName = "edu";

        public override string Name => "edu";
        public override string Usage => "edu factorial <0-12> [--irq] | edu dma <1-4095>";
        public override string Summary => "ask the edu driver for a factorial (polled or by interrupt) or a DMA round trip";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length < 2) return "edu takes an operation and a number";
            DriverInstance instance = DriverHost.Find(DriverName);
            if (instance is null) return "no edu driver (boot with -device edu)";
            if (!DecimalArgument.TryParse(arguments[1], out ulong number)) return "'" + arguments[1] + "' is not a number";
            switch (arguments[0])
            {
                case "factorial":
                    bool withInterrupt = arguments.Length == 3 && arguments[2] == "--irq";
                    if (arguments.Length > 3 || (arguments.Length == 3 && !withInterrupt)) return "factorial takes a number and optionally --irq";
                    return Factorial(instance, number, withInterrupt, output);
                case "dma":
                    if (arguments.Length != 2) return "dma takes a byte count";
                    return Dma(instance, number, output);
                default:
                    return "unknown edu operation '" + arguments[0] + "'";
            }
        }

        private static string Factorial(DriverInstance instance, ulong n, bool withInterrupt, TextSink output)
        {
            ulong started = TimestampClock.NanosecondsSinceBoot;
            string error = EduClient.Call(instance, withInterrupt ? EduOperation.FactorialWithInterrupt : EduOperation.Factorial, n,
                out EduCompletion answer);
            ulong elapsed = TimestampClock.NanosecondsSinceBoot - started;
            if (error is not null) return error;
            output.WriteLine("factorial: " + answer.Value.ToString());
            if (!withInterrupt) return null;
            output.WriteLine("interrupt_status: 0x" + answer.InterruptStatus.ToString("x"));
            // Request to answer through the channel, to compare interrupt paths (irqmode).
            output.WriteLine("round_trip_us: " + (elapsed / 1000).ToString());
            return null;
        }

        private static string Dma(DriverInstance instance, ulong bytes, TextSink output)
        {
            string error = EduClient.Call(instance, EduOperation.DmaRoundTrip, bytes, out EduCompletion answer);
            if (error is not null) return error;
            // The pattern the driver sends: byte i is i * 7 + tag.
            ulong expected = 0;
            for (ulong i = 0; i < bytes; i++) expected += (byte)(i * 7 + (ulong)answer.Tag);
            output.WriteLine("dma_bytes: " + bytes.ToString());
            output.WriteLine("dma_equal: " + answer.Value.ToString());
            output.WriteLine("dma_sum: " + answer.Detail.ToString());
            output.WriteLine("expected_sum: " + expected.ToString());
            output.WriteLine("interrupt_status: 0x" + answer.InterruptStatus.ToString("x"));
            return null;
        }
    }
}
