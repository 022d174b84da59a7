using System.Runtime.CompilerServices;
using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;

namespace Zos.Drivers.Edu
{
    // QEMU's educational PCI device (-device edu): factorials computed by the
    // device (polled or with its interrupt) and a DMA engine with a 4 KiB
    // buffer of its own. Clients send EduRequests through the channel the
    // kernel made for this incarnation. Like every driver it commits the
    // faults the shell's `inject` asks for (DriverContext.TakeInjectedFault).
    [Driver("edu")]
    [DrivesPciDevice(0x1234, 0x11E8)]
    [NeedsMmio(0)]
    [NeedsIrq]
    [NeedsDma(DmaPoolBytes, DeviceAddressLimit = EduRegisters.DmaAddressLimit)]
    [NeedsMemory(MemoryQuotaBytes)]
    [Channel(ChannelCapacity)]
    // Restarts at once; three restarts within 2 s of each other are a crash loop.
    [Restarts(RestartPolicyKind.OnFailure, MaxRestartsInARow = 3, StableRunMilliseconds = 2000)]
    [Watchdog(HeartbeatMilliseconds = 1000, CpuMilliseconds = 500)]
    public sealed class EduDriver : Driver
    {
        public const int ChannelCapacity = 8;
        public const ulong MemoryQuotaBytes = 512 * 1024;
        // A source and a destination buffer of the device's size.
        public const ulong DmaPoolBytes = 2 * EduRegisters.DeviceBufferBytes;
        public const int MaxFactorialArgument = 12;   // 13! does not fit the 32-bit register

        private const int WaitSliceMilliseconds = 50;
        private const int InterruptTimeoutMilliseconds = 2000;
        // QEMU computes in a thread of its own, which a loaded host may not run
        // for a while: poll long, heartbeating so the watchdog knows it is alive.
        private const int ComputingPolls = 2_000_000;
        private const int PollsPerHeartbeat = 10_000;

        private readonly DriverChannel<EduRequest, EduCompletion> _channel;
        private DriverContext _context;
        private MmioRegion _registers;
        private Irq _irq;
        private DmaPool _dma;
        private ulong _spins;

        public EduDriver(DriverChannel<EduRequest, EduCompletion> channel)
        {
            _channel = channel;
        }

        public override void Initialize(DriverContext context)
        {
            _context = context;
            CapabilityDenial denial = context.RequestMmio(0, CapabilityRights.ReadWrite, out _registers);
            if (denial is not null) context.Fail("BAR 0: " + denial.ToString());
            denial = context.RequestIrq(CapabilityRights.Wait | CapabilityRights.Acknowledge, out _irq);
            if (denial is not null) context.Fail("interrupt: " + denial.ToString());
            denial = context.RequestDmaPool(DmaPoolBytes, EduRegisters.DmaAddressLimit,
                CapabilityRights.Allocate | CapabilityRights.ReadWrite, out _dma);
            if (denial is not null) context.Fail("DMA: " + denial.ToString());
        }

        public override void Probe(DriverContext context)
        {
            uint id = _registers.Read32(EduRegisters.Identification);
            if ((id & 0xFF) != EduRegisters.IdentificationMagic) context.Fail("not an edu device: identification 0x" + id.ToString("x8"));
            for (uint probe = 0x1234_5678; probe != 0; probe <<= 8)
            {
                _registers.Write32(EduRegisters.Liveness, probe);
                uint answer = _registers.Read32(EduRegisters.Liveness);
                if (answer != ~probe) context.Fail("liveness: wrote 0x" + probe.ToString("x8") + ", read 0x" + answer.ToString("x8"));
            }
            // Whatever an earlier incarnation left raised or armed.
            _registers.Write32(EduRegisters.Status, 0);
            _registers.Write32(EduRegisters.InterruptAcknowledge, _registers.Read32(EduRegisters.InterruptStatus));
            context.ReportProgress("edu " + (id >> 24).ToString() + "." + ((id >> 16) & 0xFF).ToString() + " on " + context.DeviceName);
        }

        public override void Run(DriverContext context)
        {
            while (!context.StopRequested)
            {
                context.Heartbeat();
                _channel.WaitForRequest(WaitSliceMilliseconds * 2);
                // After the wait: a fault asked for meanwhile goes before the request that ended it.
                InjectedFault fault = context.TakeInjectedFault();
                if (fault != InjectedFault.None) FaultInjection.Commit(fault, context, ReadPastBar0, () => _irq.Wait(WaitSliceMilliseconds), CopyOutTo);
                while (_channel.TryTakeRequest(out EduRequest request)) _channel.TryComplete(Serve(request));
            }
        }

        private EduCompletion Serve(in EduRequest request)
        {
            switch (request.Operation)
            {
                case EduOperation.Factorial: return Factorial(request, withInterrupt: false);
                case EduOperation.FactorialWithInterrupt: return Factorial(request, withInterrupt: true);
                case EduOperation.DmaRoundTrip: return DmaRoundTrip(request);
            }
            return EduCompletion.Failed(request.Tag, "unknown operation " + ((int)request.Operation).ToString());
        }

        private EduCompletion Factorial(in EduRequest request, bool withInterrupt)
        {
            if (request.Argument > MaxFactorialArgument)
                return EduCompletion.Failed(request.Tag, "factorial of " + request.Argument.ToString() + ": n must be 0-12 (13! does not fit 32 bits)");
            _registers.Write32(EduRegisters.Status, withInterrupt ? EduRegisters.StatusInterruptOnFactorial : 0);
            _registers.Write32(EduRegisters.Factorial, (uint)request.Argument);
            uint interrupt = 0;
            if (withInterrupt)
            {
                interrupt = WaitForInterrupt(EduRegisters.FactorialInterrupt);
                _registers.Write32(EduRegisters.Status, 0);
                if (interrupt == 0) return EduCompletion.Failed(request.Tag, "no factorial interrupt within " + InterruptTimeoutMilliseconds.ToString() + " ms");
            }
            int polls = 0;
            while ((_registers.Read32(EduRegisters.Status) & EduRegisters.StatusComputing) != 0)
            {
                if (++polls == ComputingPolls) return EduCompletion.Failed(request.Tag, "still computing after " + ComputingPolls.ToString() + " polls");
                if (polls % PollsPerHeartbeat == 0) _context.Heartbeat();
            }
            return new EduCompletion { Tag = request.Tag, Value = _registers.Read32(EduRegisters.Factorial), InterruptStatus = interrupt };
        }

        // Fills a buffer with a pattern, copies it into the device and back into
        // a second buffer, and counts the bytes that came back equal.
        private EduCompletion DmaRoundTrip(in EduRequest request)
        {
            if (request.Argument == 0 || request.Argument > EduRegisters.LargestTransfer)
                return EduCompletion.Failed(request.Tag, "dma of " + request.Argument.ToString() + " bytes: 1-"
                    + EduRegisters.LargestTransfer.ToString() + " (the device's buffer)");
            int bytes = (int)request.Argument;
            CapabilityDenial denial = _dma.Allocate(bytes, out DmaBuffer source);
            if (denial is not null) return EduCompletion.Failed(request.Tag, "source buffer: " + denial.ToString());
            denial = _dma.Allocate(bytes, out DmaBuffer destination);
            if (denial is not null)
            {
                source.Free();
                return EduCompletion.Failed(request.Tag, "destination buffer: " + denial.ToString());
            }
            var pattern = new byte[bytes];
            for (int i = 0; i < bytes; i++) pattern[i] = (byte)(i * 7 + request.Tag);
            source.CopyFrom(0, pattern);

            uint toDevice = Transfer(source.DeviceAddress, EduRegisters.DeviceBuffer, bytes, 0);
            uint toRam = toDevice == 0 ? 0 : Transfer(EduRegisters.DeviceBuffer, destination.DeviceAddress, bytes, EduRegisters.DmaToRam);
            var back = new byte[bytes];
            destination.CopyTo(0, back);
            source.Free();
            destination.Free();
            if (toDevice == 0 || toRam == 0)
                return EduCompletion.Failed(request.Tag, "no DMA interrupt within " + InterruptTimeoutMilliseconds.ToString() + " ms ("
                    + (toDevice == 0 ? "to the device" : "back to memory") + ")");
            ulong equal = 0, sum = 0;
            for (int i = 0; i < bytes; i++)
            {
                if (back[i] == pattern[i]) equal++;
                sum += back[i];
            }
            return new EduCompletion { Tag = request.Tag, Value = equal, Detail = sum, InterruptStatus = toRam };
        }

        // For `inject edu dma`: the device's buffer copied out to an address the
        // driver holds no buffer over (the outcome does not matter).
        private void CopyOutTo(ulong address) => Transfer(EduRegisters.DeviceBuffer, address, EduRegisters.LargestTransfer, EduRegisters.DmaToRam);

        // One DMA transfer with the completion interrupt; its interrupt status, 0 on timeout.
        private uint Transfer(ulong from, ulong to, int bytes, ulong direction)
        {
            _registers.Write64(EduRegisters.DmaSource, from);
            _registers.Write64(EduRegisters.DmaDestination, to);
            _registers.Write64(EduRegisters.DmaCount, (ulong)bytes);
            _registers.Write64(EduRegisters.DmaCommand, EduRegisters.DmaStart | direction | EduRegisters.DmaRaiseInterrupt);
            return WaitForInterrupt(EduRegisters.DmaInterrupt);
        }

        // Waits for an interrupt with one of these status bits, heartbeating
        // while it waits; acknowledges what it finds at the device, then the Irq (which
        // unmasks an INTx line; an MSI needs nothing).
        private uint WaitForInterrupt(uint bits)
        {
            for (int waited = 0; waited < InterruptTimeoutMilliseconds; waited += WaitSliceMilliseconds)
            {
                _context.Heartbeat();
                if (!_irq.Wait(WaitSliceMilliseconds)) continue;
                uint status = _registers.Read32(EduRegisters.InterruptStatus);
                _registers.Write32(EduRegisters.InterruptAcknowledge, status);
                _irq.Acknowledge();
                if ((status & bits) != 0) return status;
            }
            return 0;
        }

        // One register past the end of BAR 0: a capability violation.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void ReadPastBar0() => _spins += _registers.Read32(_registers.Size);
    }
}
