using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;
using Zos.Kernel;
using Zos.Kernel.Hosting;
using Zos.Kernel.Memory;
using Zos.Kernel.Storage;
using Zos.Kernel.Supervision;
using Zos.Shell.Tools;

namespace Zos.Shell.Commands
{
    // The block devices, as a client uses them: through the block service,
    // by device name, whatever happens to the driver underneath.
    public sealed class BlkCommand : ShellCommand
    {
        private const int MaxDumpSectors = 16;
        private const int MaxPatternSectors = 2048;
        // Deeper than any queue Zos drives (NVMe's 256 entries): the block service queues the rest.
        private const int MaxDepth = 256;
        private const ulong DefaultBenchSeconds = 2;
        private const ulong MaxBenchSeconds = 600;
        private const int Sector = BlockDeviceInfo.SectorSize;
        private const int SoakSectorsPerArea = 64;
        private const ulong MaxSoakWorkers = 32;

        // The one soak running, if any (a shell has one user).
        private static BlockSoakRun s_soak;
        private static string s_soakDevice;

        public override string Name => "blk";
        public override string Usage => "blk [read|write|verify|flush|zero|discard|id|bench|soak] ...";
        public override string Summary => "block devices: list, read <dev> <lba> [n], write <dev> <lba> <pattern> [n], verify <dev> <lba> <n> <pattern>, "
            + "flush <dev>, zero <dev> <lba> <n>, discard <dev> <lba> <n>, id <dev>, bench <dev> seq|rand read|write [size] [depth] [time=<s>] [ramp=<s>] [crash], "
            + "soak <dev> start [workers]|status|stop";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length == 0) return List(output);
            if (arguments.Length < 2) return arguments[0] + " needs a device";
            BlockDevice device = BlockDevices.Find(arguments[1]);
            if (device is null) return "no block device named '" + arguments[1] + "' (see blk)";
            switch (arguments[0])
            {
                case "read": return Read(device, arguments, output);
                case "write": return Write(device, arguments, output);
                case "verify": return Verify(device, arguments, output);
                case "flush":
                    if (arguments.Length != 2) return "flush takes a device";
                    return Done(BlockDevices.Call(device, BlockOperation.Flush, 0, 0, null), "flushed: " + device.Name, output);
                case "zero": return Dataless(device, arguments, BlockOperation.WriteZeroes, "zeroed", output);
                case "discard": return Dataless(device, arguments, BlockOperation.Discard, "discarded", output);
                case "id": return Id(device, arguments, output);
                case "bench": return Bench(device, arguments, output);
                case "soak": return Soak(device, arguments, output);
                default: return "unknown blk operation '" + arguments[0] + "'";
            }
        }

        // One line per device; a controller that has not listed its units yet says so instead.
        private static string List(TextSink output)
        {
            int devices = 0;
            for (int c = 0; c < BlockDevices.ControllerCount; c++)
            {
                BlockController controller = BlockDevices.Controller(c);
                SupervisedDriver driver = DriverHost.Find(controller.Name)?.Supervised;
                string state = " state=" + (driver is null ? "-" : DriverLifecycle.Name(driver.State))
                    + " incarnation=" + (driver is null ? 0 : driver.Incarnation).ToString();
                if (!controller.Listed)
                    output.WriteLine(controller.Name + state + " units=unknown" + (controller.Problem is null ? "" : " problem=\"" + controller.Problem + "\""));
                for (int i = 0; i < controller.DeviceCount; i++, devices++) output.WriteLine(Describe(controller.Device(i), state));
            }
            output.WriteLine("block devices: " + devices.ToString());
            return null;
        }

        private static string Describe(BlockDevice device, string state)
        {
            string line = device.Name + state;
            if (device.Controller.Name != device.Name) line += " controller=" + device.Controller.Name + " unit=" + device.Unit.ToString();
            if (device.Missing is not null) line += " missing=\"" + device.Missing + "\"";
            BlockDeviceInfo info = device.Info;
            if (info is null) line += " identified=no";
            else
                line += " identified_by=" + device.IdentifiedBy.ToString() + " sectors=" + info.Sectors.ToString() + " size_kib=" + (info.Sectors / 2).ToString()
                    + " block_size=" + info.LogicalBlockSize.ToString() + " read_only=" + YesNo(info.ReadOnly)
                    + " flush=" + YesNo(info.HasFlush) + " transport=\"" + info.Transport + "\" features=\"" + info.Features
                    + "\" max_sectors=" + info.MaxSectorsPerRequest.ToString() + " queue_depth=" + info.QueueDepth.ToString()
                    + (info.Model is null ? "" : " model=\"" + info.Model + "\"") + (info.Serial is null ? "" : " serial=\"" + info.Serial + "\"");
            return line + " served=" + device.RequestsServed.ToString() + " failed=" + device.RequestsFailed.ToString()
                + " replayed=" + device.PartsReplayed.ToString() + " in_flight=" + device.InFlight.ToString();
        }

        private static string Read(BlockDevice device, string[] arguments, TextSink output)
        {
            if (arguments.Length < 3 || arguments.Length > 4) return "read takes a device, a sector and optionally a count";
            if (!DecimalArgument.TryParse(arguments[2], out ulong sector)) return "'" + arguments[2] + "' is not a sector number";
            ulong count = 1;
            if (arguments.Length == 4 && (!DecimalArgument.TryParse(arguments[3], out count) || count == 0 || count > MaxDumpSectors))
                return "read shows 1-" + MaxDumpSectors.ToString() + " sectors";
            var data = new byte[(int)count * Sector];
            string error = BlockDevices.Call(device, BlockOperation.Read, sector, (int)count, data);
            if (error is not null) return error;
            for (int line = 0; line < data.Length; line += 16)
                output.WriteLine(HexLine((sector * Sector + (ulong)line), data, line));
            return null;
        }

        private static string HexLine(ulong address, byte[] data, int start)
        {
            string text = address.ToString("x8") + ":";
            var ascii = new char[16];
            for (int i = 0; i < 16; i++)
            {
                byte value = data[start + i];
                text += " " + value.ToString("x2");
                ascii[i] = value >= 0x20 && value < 0x7F ? (char)value : '.';
            }
            return text + "  |" + new string(ascii, 0, 16) + "|";
        }

        private static string Write(BlockDevice device, string[] arguments, TextSink output)
        {
            if (arguments.Length < 4 || arguments.Length > 5) return "write takes a device, a sector, a pattern and optionally a count";
            if (!DecimalArgument.TryParse(arguments[2], out ulong sector)) return "'" + arguments[2] + "' is not a sector number";
            string problem = BlockPattern.Check(arguments[3]);
            if (problem is not null) return problem;
            ulong count = 1;
            if (arguments.Length == 5 && (!DecimalArgument.TryParse(arguments[4], out count) || count == 0 || count > MaxPatternSectors))
                return "write takes 1-" + MaxPatternSectors.ToString() + " sectors";
            var data = new byte[(int)count * Sector];
            BlockPattern.Fill(data, arguments[3]);
            return Done(BlockDevices.Call(device, BlockOperation.Write, sector, (int)count, data),
                "written: " + count.ToString() + " sectors at " + sector.ToString(), output);
        }

        private static string Verify(BlockDevice device, string[] arguments, TextSink output)
        {
            if (arguments.Length != 5) return "verify takes a device, a sector, a count and a pattern";
            if (!DecimalArgument.TryParse(arguments[2], out ulong sector)) return "'" + arguments[2] + "' is not a sector number";
            if (!DecimalArgument.TryParse(arguments[3], out ulong count) || count == 0 || count > MaxPatternSectors)
                return "verify takes 1-" + MaxPatternSectors.ToString() + " sectors";
            string problem = BlockPattern.Check(arguments[4]);
            if (problem is not null) return problem;
            var data = new byte[(int)count * Sector];
            string error = BlockDevices.Call(device, BlockOperation.Read, sector, (int)count, data);
            if (error is not null) return error;
            int mismatch = BlockPattern.FirstMismatch(data, arguments[4]);
            if (mismatch >= 0)
                return "mismatch at sector " + (sector + (ulong)(mismatch / Sector)).ToString() + " byte " + (mismatch % Sector).ToString()
                    + ": 0x" + data[mismatch].ToString("x2") + ", expected 0x" + ((byte)arguments[4][mismatch % arguments[4].Length]).ToString("x2");
            output.WriteLine("verified: " + count.ToString() + " sectors at " + sector.ToString());
            return null;
        }

        // `zero` and `discard`: sectors named, no data carried; drivers without the command refuse it.
        private static string Dataless(BlockDevice device, string[] arguments, BlockOperation operation, string done, TextSink output)
        {
            if (arguments.Length != 4) return arguments[0] + " takes a device, a sector and a count";
            if (!DecimalArgument.TryParse(arguments[2], out ulong sector)) return "'" + arguments[2] + "' is not a sector number";
            if (!DecimalArgument.TryParse(arguments[3], out ulong count) || count == 0 || count > int.MaxValue)
                return arguments[0] + " takes 1-" + int.MaxValue.ToString() + " sectors";
            return Done(BlockDevices.Call(device, operation, sector, (int)count, null), done + ": " + count.ToString() + " sectors at " + sector.ToString(),
                output);
        }

        private static string Id(BlockDevice device, string[] arguments, TextSink output)
        {
            if (arguments.Length != 2) return "id takes a device";
            var id = new byte[BlockDeviceId.Bytes];
            string error = BlockDevices.Call(device, BlockOperation.GetId, 0, 0, id);
            if (error is not null) return error;
            output.WriteLine("serial: " + BlockDeviceId.Decode(id));
            return null;
        }

        private static string Bench(BlockDevice device, string[] arguments, TextSink output)
        {
            if (arguments.Length < 4) return "bench takes a device, seq|rand, read|write, and optionally a size, a depth, time=<s>, ramp=<s> and crash";
            bool sequential = arguments[2] == "seq";
            if (!sequential && arguments[2] != "rand") return "'" + arguments[2] + "' is neither seq nor rand";
            if (arguments[3] != "read" && arguments[3] != "write") return "'" + arguments[3] + "' is neither read nor write";
            BlockOperation operation = arguments[3] == "read" ? BlockOperation.Read : BlockOperation.Write;
            int bytes = sequential ? 1 << 20 : 4096;
            ulong depth = 1;
            ulong seconds = DefaultBenchSeconds;
            ulong rampSeconds = 0;
            bool crash = false;
            int positional = 0;
            for (int i = 4; i < arguments.Length; i++)
            {
                string argument = arguments[i];
                if (argument == "crash") crash = true;
                else if (argument.StartsWith("time="))
                {
                    if (!DecimalArgument.TryParse(argument.Substring(5), out seconds) || seconds == 0 || seconds > MaxBenchSeconds)
                        return "time is 1-" + MaxBenchSeconds.ToString() + " seconds";
                }
                else if (argument.StartsWith("ramp="))
                {
                    if (!DecimalArgument.TryParse(argument.Substring(5), out rampSeconds) || rampSeconds > MaxBenchSeconds)
                        return "ramp is 0-" + MaxBenchSeconds.ToString() + " seconds";
                }
                else if (positional == 0)
                {
                    positional++;
                    if (!TryParseSize(argument, out bytes)) return "'" + argument + "' is not a size: whole sectors up to 4m, as 4096, 4k or 1m";
                }
                else if (positional == 1)
                {
                    positional++;
                    if (!DecimalArgument.TryParse(argument, out depth) || depth == 0 || depth > MaxDepth) return "depth is 1-" + MaxDepth.ToString();
                }
                else return "'" + argument + "' is not a bench option (time=<s>, ramp=<s>, crash)";
            }
            if (device.Info is null) return device.Name + " is not identified yet";
            // depth buffers of size bytes (each page-aligned), held for the whole run.
            string noRoom = KernelMemory.CheckRoomFor(depth * BlockBenchmark.BufferBytes(bytes), "a bench of " + depth.ToString() + " requests of " + bytes.ToString() + " bytes");
            if (noRoom is not null) return noRoom;

            var client = new BlockClient(device, MaxDepth, new EventDoorbell());
            var benchmark = new BlockBenchmark(client, new KernelMonotonicClock(), sequential, operation, bytes);
            string error = benchmark.Run((int)depth, rampSeconds * 1_000_000_000UL, seconds * 1_000_000_000UL, crash ? () => Crash(device, output) : null);
            if (error is not null) return error;
            ulong microseconds = benchmark.ElapsedNanoseconds / 1000;
            if (microseconds == 0) microseconds = 1;
            output.WriteLine("bench: " + device.Name + " " + arguments[2] + " " + arguments[3] + " size=" + bytes.ToString() + " depth=" + depth.ToString()
                + " requests=" + benchmark.Latencies.Count.ToString() + " failed=" + benchmark.Failures.ToString()
                + " bytes=" + benchmark.Bytes.ToString() + " us=" + microseconds.ToString()
                + " mb_per_s=" + Decimal2(benchmark.Bytes * 100 / microseconds * 1_000_000 / 1_048_576)
                + " iops=" + ((ulong)benchmark.Latencies.Count * 1_000_000 / microseconds).ToString()
                + " mean_us=" + (benchmark.MeanLatencyNanoseconds / 1000).ToString()
                + " p50_us=" + (benchmark.Latencies.Percentile(50) / 1000).ToString()
                + " p99_us=" + (benchmark.Latencies.Percentile(99) / 1000).ToString()
                + " max_us=" + (benchmark.Latencies.Percentile(100) / 1000).ToString());
            if (benchmark.FirstError is not null) output.WriteLine("first error: " + benchmark.FirstError);
            return null;
        }

        private static string Soak(BlockDevice device, string[] arguments, TextSink output)
        {
            if (arguments.Length < 3) return "soak takes a device and start, status or stop";
            switch (arguments[2])
            {
                case "start":
                    if (s_soak is not null) return "a soak of " + s_soakDevice + " is running; stop it first";
                    ulong workers = 8;
                    if (arguments.Length == 4 && (!DecimalArgument.TryParse(arguments[3], out workers) || workers == 0 || workers > MaxSoakWorkers))
                        return "a soak has 1-" + MaxSoakWorkers.ToString() + " workers";
                    if (arguments.Length > 4) return "soak start takes at most a worker count";
                    s_soak = BlockSoakRun.Start(device, (int)workers, SoakSectorsPerArea, out string error);
                    if (s_soak is null) return error;
                    s_soakDevice = device.Name;
                    output.WriteLine("soak: started on " + device.Name + " workers=" + workers.ToString());
                    return null;
                case "status":
                case "stop":
                    if (arguments.Length != 3) return "soak " + arguments[2] + " takes only the device";
                    if (s_soak is null || s_soakDevice != device.Name) return "no soak of " + device.Name + " is running";
                    BlockSoakRun run = s_soak;
                    bool stopping = arguments[2] == "stop", drained = true;
                    if (stopping)
                    {
                        drained = run.Stop();
                        s_soak = null;
                    }
                    BlockSoak soak = run.Soak;
                    output.WriteLine("soak: " + device.Name + (stopping ? " stopped drained=" + YesNo(drained) : " running")
                        + " submitted=" + soak.Submitted.ToString() + " completed=" + soak.Completed.ToString()
                        + " outstanding=" + soak.Outstanding.ToString() + " verified=" + soak.Verified.ToString()
                        + " unexpected=" + soak.Unexpected.ToString() + " mismatches=" + soak.Mismatches.ToString()
                        + " failures=" + soak.Failures.ToString() + " replayed=" + device.PartsReplayed.ToString());
                    string problem = run.StartError ?? soak.FirstProblem;
                    if (problem is not null) output.WriteLine("first problem: " + problem);
                    return null;
                default:
                    return "soak takes start, status or stop";
            }
        }

        // `bench ... crash`: the running driver throws halfway through, as `inject <dev> throw` would make it.
        // The driver is the device's controller's (ahci0 for ahci0p0; blk0 for blk0).
        private static void Crash(BlockDevice device, TextSink output)
        {
            DriverInstance instance = DriverHost.Find(device.Controller.Name);
            int incarnation = instance?.Current?.Number ?? 0;
            if (instance is null || instance.Inject(InjectedFault.Throw) is not null)
                output.WriteLine("crash: " + device.Name + "'s driver is not Running");
            else output.WriteLine("crash: injected throw into " + device.Name + " incarnation " + incarnation.ToString());
        }

        // hundredths → "12.34"
        private static string Decimal2(ulong hundredths)
        {
            ulong fraction = hundredths % 100;
            return (hundredths / 100).ToString() + "." + (fraction < 10 ? "0" : "") + fraction.ToString();
        }

        private static bool TryParseSize(string text, out int bytes)
        {
            bytes = 0;
            if (text.Length == 0) return false;
            char suffix = text[text.Length - 1];
            ulong unit = suffix == 'k' ? 1024UL : suffix == 'm' ? 1UL << 20 : 1;
            string digits = unit == 1 ? text : text.Substring(0, text.Length - 1);
            if (!DecimalArgument.TryParse(digits, out ulong value) || value == 0) return false;
            ulong total = value * unit;
            if (total % Sector != 0 || total > (4 << 20)) return false;
            bytes = (int)total;
            return true;
        }

        private static string Done(string error, string message, TextSink output)
        {
            if (error is not null) return error;
            output.WriteLine(message);
            return null;
        }

        private static string YesNo(bool value) => value ? "yes" : "no";
    }
}
