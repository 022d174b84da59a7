using System;

namespace Zos.Kernel.Supervision
{
    // The lifecycle state machine of one driver instance:
    //   Spawned → Initializing → CapabilityGranted → Probing → Running
    //   Initializing → Failed                      (capabilities denied)
    //   any live state → Crashed → Restarting | Failed
    //   Running → Exited → Restarting | Failed     (clean exit; stays Exited unless the policy restarts it)
    //   Restarting → Spawned | Failed              (the respawn itself may fail)
    // Failed is terminal. Anything else is refused with a DriverLifecycleException.
    public sealed class DriverLifecycle
    {
        private readonly string _driverName;
        // When each state was last entered (0: never): where a restart's time went.
        private readonly ulong[] _enteredAt = new ulong[(int)DriverState.Failed + 1];

        public DriverLifecycle(string driverName, ulong nowNanoseconds)
        {
            _driverName = driverName;
            State = DriverState.Spawned;
            _enteredAt[(int)DriverState.Spawned] = nowNanoseconds;
        }

        public DriverState State { get; private set; }
        // When the current state was entered.
        public ulong EnteredAtNanoseconds => _enteredAt[(int)State];

        public ulong LastEnteredAtNanoseconds(DriverState state) => _enteredAt[(int)state];
        public bool IsLive => IsLiveState(State);

        public static bool IsLiveState(DriverState state) =>
            state == DriverState.Spawned || state == DriverState.Initializing || state == DriverState.CapabilityGranted
            || state == DriverState.Probing || state == DriverState.Running;

        public static bool IsAllowed(DriverState from, DriverState to) => from switch
        {
            DriverState.Spawned => to == DriverState.Initializing || to == DriverState.Crashed,
            DriverState.Initializing => to == DriverState.CapabilityGranted || to == DriverState.Failed || to == DriverState.Crashed,
            DriverState.CapabilityGranted => to == DriverState.Probing || to == DriverState.Crashed,
            DriverState.Probing => to == DriverState.Running || to == DriverState.Crashed,
            DriverState.Running => to == DriverState.Crashed || to == DriverState.Exited,
            DriverState.Crashed => to == DriverState.Restarting || to == DriverState.Failed,
            DriverState.Exited => to == DriverState.Restarting || to == DriverState.Failed,
            DriverState.Restarting => to == DriverState.Spawned || to == DriverState.Failed,
            _ => false,
        };

        public void MoveTo(DriverState to, ulong nowNanoseconds)
        {
            if (!IsAllowed(State, to))
                throw new DriverLifecycleException("driver " + _driverName + ": " + Name(State) + " -> " + Name(to)
                    + " is not a lifecycle transition (from " + Name(State) + ": " + Successors(State) + ")");
            State = to;
            _enteredAt[(int)to] = nowNanoseconds;
        }

        // Enum names need metadata the kernel's corlib does not keep.
        public static string Name(DriverState state) => state switch
        {
            DriverState.Spawned => "Spawned",
            DriverState.Initializing => "Initializing",
            DriverState.CapabilityGranted => "CapabilityGranted",
            DriverState.Probing => "Probing",
            DriverState.Running => "Running",
            DriverState.Crashed => "Crashed",
            DriverState.Exited => "Exited",
            DriverState.Restarting => "Restarting",
            DriverState.Failed => "Failed",
            _ => "state " + ((int)state).ToString(),
        };

        private static string Successors(DriverState from)
        {
            string list = null;
            for (var to = DriverState.Spawned; to <= DriverState.Failed; to++)
                if (IsAllowed(from, to)) list = list is null ? Name(to) : list + ", " + Name(to);
            return list ?? "none, it is terminal";
        }
    }

    // Where a supervised driver instance is in its life; DriverLifecycle holds the
    // legal transitions. Spawned to Running are the live states (the driver has a
    // domain and threads); the others are between or after incarnations.
    public enum DriverState
    {
        // Its domain and first thread exist; it has asked for nothing yet.
        Spawned,
        // It is asking for its capabilities.
        Initializing,
        // It holds every capability it asked for.
        CapabilityGranted,
        // It is checking and resetting its device.
        Probing,
        // It serves requests.
        Running,
        // It faulted, threw, broke a capability rule, hung or gave up; being cleaned up.
        Crashed,
        // It ended cleanly while Running (every thread returned).
        Exited,
        // Cleaned up and waiting for its restart time.
        Restarting,
        // Terminal: capabilities denied, policy said no more restarts, or cleanup failed.
        Failed,
    }

    // A lifecycle event that is not legal in the driver's current state.
    public sealed class DriverLifecycleException : InvalidOperationException
    {
        public DriverLifecycleException(string message) : base(message) { }
    }
}
