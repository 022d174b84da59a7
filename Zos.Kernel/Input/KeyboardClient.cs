using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Input;
using Zos.Kernel.Hosting;
using Zos.Kernel.Supervision;
using Zos.Kernel.Threading;

namespace Zos.Kernel.Input
{
    // The console's link to one keyboard driver instance, on a thread of its
    // own (`kbd0-input`) so that a shell busy with a command never makes the
    // driver look hung: it keeps ReadsInFlight reads in flight on the running
    // incarnation's channel, each with its deadline on that incarnation's
    // board (a stalled driver is caught by it), and queues every key answered
    // for the console. A new incarnation gets new reads; keys typed while
    // none ran are lost, the console is not.
    public sealed class KeyboardClient
    {
        public const int ReadsInFlight = 4;
        public const int KeyQueue = 64;
        // How long the thread sleeps when nothing rings (a new incarnation does not ring).
        private const int IdleMilliseconds = 50;

        private readonly DriverInstance _instance;
        private readonly KernelEvent _console;
        private readonly Ring<KeyStroke> _keys = new Ring<KeyStroke>(KeyQueue);
        private DriverIncarnation _serving;
        private DriverChannel<KeyboardRequest, KeyboardCompletion> _channel;
        private int _inFlight;
        private int _nextTag;

        // console: set whenever a key is queued (the reader waits on it).
        public KeyboardClient(DriverInstance instance, KernelEvent console)
        {
            _instance = instance;
            _console = console;
            instance.ClientDoorbell = Wake;
        }

        public string Name => _instance.Name;
        public EventDoorbell Wake { get; } = new EventDoorbell();

        // Reads are in flight on a running incarnation: keys typed now reach the console.
        public bool Serving => _channel is not null;

        // The console's side: the next key, oldest first (one reader only).
        public bool TryTake(out KeyStroke key) => _keys.TryDequeue(out key);

        // The client thread.
        public void Run()
        {
            while (true)
            {
                Wake.Wait(IdleMilliseconds);
                Pump();
            }
        }

        private void Pump()
        {
            DriverIncarnation running = Running();
            if (running != _serving)
            {
                _serving = running;
                _channel = running?.Channel as DriverChannel<KeyboardRequest, KeyboardCompletion>;
                _inFlight = 0;
            }
            if (_channel is null) return;
            while (_channel.TryTakeCompletion(out KeyboardCompletion completion))
            {
                _serving.RequestAnswered(completion.Tag);
                _inFlight--;
                // A key the console has no room for (it has not read 64 keys) is dropped.
                if (completion.HasKey && _keys.TryEnqueue(completion.Key)) _console.Set();
            }
            while (_inFlight < ReadsInFlight && _channel.TrySubmit(new KeyboardRequest { Tag = _nextTag }))
            {
                _serving.RequestStarted(_nextTag, KeyboardProtocol.ReadDeadlineMilliseconds);
                _nextTag++;
                _inFlight++;
            }
        }

        // The incarnation that serves now: Running, with its channel open.
        private DriverIncarnation Running()
        {
            SupervisedDriver supervised = _instance.Supervised;
            DriverIncarnation current = _instance.Current;
            return supervised is not null && supervised.State == DriverState.Running && current is not null ? current : null;
        }
    }
}
