using Zos.Hal.Capabilities;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Input;

namespace Zos.Drivers.Ps2
{
    // The keyboard on the PC's 8042 controller (every PC and QEMU machine;
    // VirtualBox's PS/2 keyboard). A platform device: it holds exactly the
    // controller's two ports and the keyboard's IRQ 1, nothing of the
    // auxiliary (mouse) port. Scan codes: the keyboard speaks set 2 and the
    // controller translates it to set 1, the firmware's default and what every
    // PC keyboard supports. Keystrokes go to the console through the keyboard
    // protocol (KeyboardReads). A restart brings the controller up from
    // scratch; keys typed while no incarnation ran are lost.
    [Driver("ps2-keyboard", InstancePrefix = "kbd")]
    [DrivesPlatformDevice(PlatformDeviceNames.I8042)]
    [NeedsFixedIoPorts(I8042Registers.DataPort, 1)]
    [NeedsFixedIoPorts(I8042Registers.CommandPort, 1)]
    [NeedsIsaIrq(KeyboardIrq)]
    [NeedsMemory(MemoryQuotaBytes)]
    [Channel(ChannelCapacity)]
    // A keyboard matters to the person at the machine: back at once, then 10, 20, ... up to 1000 ms.
    [Restarts(RestartPolicyKind.WithBackoff, FirstBackoffMilliseconds = 10, LongestBackoffMilliseconds = 1000, MaxRestartsInARow = 10,
        StableRunMilliseconds = 2000)]
    [Watchdog(HeartbeatMilliseconds = 1000, CpuMilliseconds = 500)]
    public sealed class Ps2KeyboardDriver : Driver
    {
        public const int KeyboardIrq = 1;
        public const int ChannelCapacity = 16;
        // Typed keys waiting for the console's next read.
        public const int KeyQueue = 64;
        public const ulong MemoryQuotaBytes = 256 * 1024;

        // How long the loop waits for the interrupt before looking anyway (a lost edge costs this much).
        private const int WaitSliceMilliseconds = 50;

        private readonly DriverChannel<KeyboardRequest, KeyboardCompletion> _channel;
        private readonly KeyboardReads _reads = new KeyboardReads(ChannelCapacity, KeyQueue);
        private IoPortRange _data;
        private IoPortRange _command;
        private Irq _irq;
        private I8042Controller _controller;
        private Ps2Keyboard _keyboard;
        // What `drivers` showed last: the counts change it.
        private ulong _shownTyped = ulong.MaxValue, _shownLedFailures;

        public Ps2KeyboardDriver(DriverChannel<KeyboardRequest, KeyboardCompletion> channel)
        {
            _channel = channel;
        }

        public override void Initialize(DriverContext context)
        {
            CapabilityDenial denial = context.RequestFixedIoPorts(I8042Registers.DataPort, 1, CapabilityRights.ReadWrite, out _data);
            if (denial is not null) context.Fail("data port: " + denial.ToString());
            denial = context.RequestFixedIoPorts(I8042Registers.CommandPort, 1, CapabilityRights.ReadWrite, out _command);
            if (denial is not null) context.Fail("command port: " + denial.ToString());
            denial = context.RequestIsaIrq(KeyboardIrq, CapabilityRights.Wait | CapabilityRights.Acknowledge, out _irq);
            if (denial is not null) context.Fail("IRQ 1: " + denial.ToString());
        }

        public override void Probe(DriverContext context)
        {
            _controller = new I8042Controller(_data, _command, context.Sleep);
            context.FailOn(_controller.BringUp());
            _keyboard = new Ps2Keyboard(_controller);
            ReportCounts(context);
        }

        public override void Run(DriverContext context)
        {
            bool interrupted = false;
            while (!context.StopRequested)
            {
                context.Heartbeat();
                InjectedFault fault = context.TakeInjectedFault();
                if (fault != InjectedFault.None) FaultInjection.Commit(fault, context, TouchOutsideGrant, Pause);
                ulong now = context.NowMilliseconds;
                while (_channel.TryTakeRequest(out KeyboardRequest request)) _reads.Hold(request, now);
                context.FailOn(_keyboard.Service(_reads, now));
                _reads.Answer(_channel, now);
                if (_reads.Typed != _shownTyped || _keyboard.LedFailures != _shownLedFailures) ReportCounts(context);
                if (interrupted) _irq.Acknowledge();
                // Keys wait for the console's next read: wake for it, not for more keys.
                if (_reads.KeysWaiting > 0 && _reads.ReadsHeld == 0)
                {
                    interrupted = false;
                    _channel.WaitForRequest(WaitSliceMilliseconds);
                }
                else interrupted = _irq.Wait(WaitSliceMilliseconds);
            }
        }

        private void ReportCounts(DriverContext context)
        {
            _shownTyped = _reads.Typed;
            _shownLedFailures = _keyboard.LedFailures;
            context.ReportProgress("8042 up, configuration 0x" + _controller.Configuration.ToString("x2")
                + ": keyboard in scan code set 2 translated to set 1, US layout; keys " + _reads.Typed.ToString() + ", dropped "
                + _reads.Dropped.ToString() + ", unanswered LED changes " + _keyboard.LedFailures.ToString());
        }

        // For `inject kbd0 mmio`: the port after the status port, which only the kernel may touch.
        private void TouchOutsideGrant() => _command.Read8(1);

        private void Pause() => _irq.Wait(WaitSliceMilliseconds);
    }
}
