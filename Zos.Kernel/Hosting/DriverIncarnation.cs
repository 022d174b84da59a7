using System;
using Zos.Hal;
using Zos.Hal.Drivers;
using Zos.Hal.Timing;
using Zos.Kernel.Diagnostics;
using Zos.Kernel.Domains;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Hosting
{
    // One start of a driver instance: its own fault domain, the Driver object,
    // its context and its client channel. Nothing survives into the next one.
    // Run is the domain's thread: Initialize, Probe, Run, each step reported
    // to the supervisor through the event queue.
    public sealed class DriverIncarnation
    {
        private readonly DriverEventQueue _events;

        public DriverIncarnation(DriverInstance instance, int number, FaultDomain domain, DriverEventQueue events)
        {
            Instance = instance;
            Number = number;
            Domain = domain;
            _events = events;
            Context = new KernelDriverContext(this);
        }

        public DriverInstance Instance { get; }
        public int Number { get; }
        public FaultDomain Domain { get; }
        public KernelDriverContext Context { get; }
        public Driver Driver { get; private set; }
        // The channel the driver serves, made by its registration's factory; clients cast it to its protocol.
        public object Channel { get; private set; }
        public bool StopRequested { get; internal set; }
        private InjectedFault _injected;
        // Whether the supervisor has been told that the domain ended.
        internal bool EndReported;
        internal bool Initializing;

        // toClient: the doorbell the client waits on (a block device's service thread), else a new one.
        public DriverChannel<TRequest, TCompletion> OpenChannel<TRequest, TCompletion>(int capacity, Doorbell toClient = null)
            where TRequest : struct
            where TCompletion : struct
        {
            var channel = new DriverChannel<TRequest, TCompletion>(capacity, new EventDoorbell(), toClient ?? new EventDoorbell());
            Channel = channel;
            return channel;
        }

        // The shell's `inject`: the driver commits it when it next looks.
        public void Inject(InjectedFault fault) => _injected = fault;

        public InjectedFault TakeInjectedFault()
        {
            ulong flags = Cpu.DisableInterruptsSaving();
            InjectedFault fault = _injected;
            _injected = InjectedFault.None;
            Cpu.RestoreInterrupts(flags);
            return fault;
        }

        // The domain's first thread.
        public void Run()
        {
            Initializing = true;
            Post(DriverEventKind.Initializing, null);
            Driver = Instance.Registration.Create(this);
            Driver.Initialize(Context);
            Initializing = false;
            Post(DriverEventKind.CapabilitiesGranted, null);
            Post(DriverEventKind.Probing, null);
            Driver.Probe(Context);
            Post(DriverEventKind.Running, null);
            Driver.Run(Context);
        }

        // context.Fail: during Initialize the driver cannot have its capabilities
        // (Failed, terminal); later it is a crash. Either way the domain stops here.
        public void Fail(string reason)
        {
            if (Initializing) Post(DriverEventKind.CapabilitiesDenied, reason);
            Domain.Stop(new FaultRecord(CrashRecord.ExplicitFailureKind, reason, DriverFrames.CallingMethod(), 0, Scheduler.Current.Name,
                TimestampClock.NanosecondsSinceBoot));
            throw new InvalidOperationException("driver " + Instance.Name + " failed from outside its domain: " + reason);
        }

        private void Post(DriverEventKind kind, string text) => _events.Post(new DriverEvent(kind, this, text));
    }
}
