namespace Zos.Hal.Drivers
{
    // The request/completion pair between one client and one driver: the
    // client submits requests and takes completions, the driver takes requests
    // and posts completions. Each ring has one producer and one consumer, so
    // neither side locks. A request carries its own tag for the completion to
    // name (the types are the driver's protocol).
    public sealed class DriverChannel<TRequest, TCompletion>
        where TRequest : struct
        where TCompletion : struct
    {
        private readonly Ring<TRequest> _requests;
        private readonly Ring<TCompletion> _completions;
        private readonly Doorbell _toDriver;
        private readonly Doorbell _toClient;
        private volatile int _submitted;
        private volatile int _completed;

        public DriverChannel(int capacity, Doorbell toDriver, Doorbell toClient)
        {
            _requests = new Ring<TRequest>(capacity);
            _completions = new Ring<TCompletion>(capacity);
            _toDriver = toDriver;
            _toClient = toClient;
        }

        public int Capacity => _requests.Capacity;
        // Submitted and not yet completed: what a deadline watch looks at.
        public int Outstanding => _submitted - _completed;

        // Client side. False when the request could not be answered without waiting for the client.
        public bool TrySubmit(in TRequest request)
        {
            // The completion ring must have room for every outstanding request on
            // top of the completions not yet taken, so the driver never waits for the client.
            if (Outstanding + _completions.Count >= _completions.Capacity || !_requests.TryEnqueue(request)) return false;
            _submitted++;
            _toDriver.Ring();
            return true;
        }

        public bool TryTakeCompletion(out TCompletion completion) => _completions.TryDequeue(out completion);

        // True when a completion is there to take; a doorbell left over from one
        // already taken does not count.
        public bool WaitForCompletion(int timeoutMilliseconds) =>
            !_completions.IsEmpty || (_toClient.Wait(timeoutMilliseconds) && !_completions.IsEmpty);

        // Driver side.
        public bool TryTakeRequest(out TRequest request) => _requests.TryDequeue(out request);

        public bool WaitForRequest(int timeoutMilliseconds) =>
            !_requests.IsEmpty || (_toDriver.Wait(timeoutMilliseconds) && !_requests.IsEmpty);

        // Always has room for a request taken from this channel.
        public bool TryComplete(in TCompletion completion)
        {
            if (!_completions.TryEnqueue(completion)) return false;
            _completed++;
            _toClient.Ring();
            return true;
        }
    }
}
