using System;
using Zos.Hal;
using Zos.Hal.Drivers;
using Zos.Hal.Timing;
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

        public DriverIncarnation(DriverInstance instance, int number, FaultDomain domain, RequestDeadlines deadlines, DriverEventQueue events)
        {
            Instance = instance;
            Number = number;
            Domain = domain;
            Deadlines = deadlines;
            _events = events;
            Context = new KernelDriverContext(this);
        }

        public DriverInstance Instance { get; }
        // The supervisor's count (SupervisedDriver.Incarnation) when this one started, for names and messages.
        public int Number { get; }
        // Whether it is still the instance's incarnation (DriverInstance.Current owns the answer).
        public bool IsCurrent => Instance.Current == this;
        // The deadlines of the requests its clients handed it (RequestStarted); the watchdog reads them.
        public RequestDeadlines Deadlines { get; }
        public FaultDomain Domain { get; }
        public KernelDriverContext Context { get; }
        public Driver Driver { get; private set; }
        // The channel the driver serves, made by its registration's factory; clients cast it to its protocol.
        public object Channel { get; private set; }
        public bool StopRequested { get; internal set; }
        // The first DMA of its device the IOMMU blocked (KernelIommu), or null.
        public string DmaViolation { get; internal set; }
        private InjectedFault _injected;
        // Whether the supervisor has been told that the domain ended.
        internal bool EndReported;
        internal bool Initializing;

        // Completions ring the doorbell of the instance's client (DriverInstance.ClientDoorbell).
        public DriverChannel<TRequest, TCompletion> OpenChannel<TRequest, TCompletion>(int capacity)
            where TRequest : struct
            where TCompletion : struct
        {
            var channel = new DriverChannel<TRequest, TCompletion>(capacity, new EventDoorbell(), Instance.ClientDoorbell);
            Channel = channel;
            return channel;
        }

        // A client handed this incarnation request `tag`: it must be answered
        // within the deadline or the watchdog counts the driver as hung.
        public void RequestStarted(int tag, ulong deadlineMilliseconds)
        {
            ulong deadline = TimestampClock.NanosecondsSinceBoot + deadlineMilliseconds * 1_000_000UL;
            if (Deadlines.Start(tag, deadline)) DriverHost.WatchDeadline(deadline);
        }

        public void RequestAnswered(int tag) => Deadlines.Complete(tag);

        // The shell's `inject`: the driver commits it when it next looks.
        public void Inject(InjectedFault fault) => _injected = fault;

        // Asked for and not yet taken by the driver.
        public bool FaultPending => _injected != InjectedFault.None;

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
