using Zos.Drivers.Ps2;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Input;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Ps2;

// The driver's side of the keyboard protocol: keys answer the oldest reads in
// order, idle reads are answered empty after 500 ms so a live driver meets
// every deadline, and keys typed with no read waiting wait, up to a limit.
public class KeyboardReadsTests
{
    private DriverChannel<KeyboardRequest, KeyboardCompletion> _channel = null!;
    private KeyboardReads _reads = null!;

    [SetUp]
    public void Create()
    {
        _channel = new(8, new CountingDoorbell(), new CountingDoorbell());
        _reads = new(8, 3);
    }

    private void Read(int tag, ulong now)
    {
        Assert.That(_channel.TrySubmit(new KeyboardRequest { Tag = tag }), Is.True);
        Assert.That(_channel.TryTakeRequest(out KeyboardRequest request), Is.True);
        _reads.Hold(request, now);
    }

    private List<(int Tag, bool HasKey, char Character)> Answers()
    {
        var answers = new List<(int, bool, char)>();
        while (_channel.TryTakeCompletion(out KeyboardCompletion completion)) answers.Add((completion.Tag, completion.HasKey, completion.Key.Character));
        return answers;
    }

    [Test]
    public void KeysAnswerTheOldestReadsInOrder()
    {
        Read(10, 0);
        Read(11, 0);
        Read(12, 0);
        _reads.Add(KeyStroke.Of('l'));
        _reads.Add(KeyStroke.Of('s'));
        _reads.Answer(_channel, 5);

        Assert.That(Answers(), Is.EqualTo(new[] { (10, true, 'l'), (11, true, 's') }));
        Assert.That((_reads.ReadsHeld, _reads.KeysWaiting, _reads.Typed), Is.EqualTo((1, 0, 2UL)));
    }

    [Test]
    public void AReadHeldHalfASecondWithoutAKeyIsAnsweredEmpty()
    {
        Read(1, 100);
        Read(2, 300);
        _reads.Answer(_channel, 100 + KeyboardProtocol.IdleAnswerMilliseconds - 1);
        Assert.That(Answers(), Is.Empty, "not a millisecond early");

        _reads.Answer(_channel, 100 + KeyboardProtocol.IdleAnswerMilliseconds);
        Assert.That(Answers(), Is.EqualTo(new[] { (1, false, '\0') }), "only the read that waited long enough");
        _reads.Answer(_channel, 300 + KeyboardProtocol.IdleAnswerMilliseconds);
        Assert.That(Answers(), Is.EqualTo(new[] { (2, false, '\0') }));
        Assert.That(KeyboardProtocol.IdleAnswerMilliseconds * 2, Is.LessThan(KeyboardProtocol.ReadDeadlineMilliseconds),
            "a live driver answers every read well before its deadline");
    }

    [Test]
    public void KeysTypedWithoutAReadWaitForTheNextReadsAndTheOverflowIsDropped()
    {
        foreach (char c in "abcd") _reads.Add(KeyStroke.Of(c));
        Assert.That((_reads.KeysWaiting, _reads.Typed, _reads.Dropped), Is.EqualTo((3, 4UL, 1UL)));

        Read(7, 1000);
        Read(8, 1000);
        _reads.Answer(_channel, 1000);
        Read(9, 1000);
        Read(10, 1000);
        _reads.Answer(_channel, 1000);

        Assert.That(Answers(), Is.EqualTo(new[] { (7, true, 'a'), (8, true, 'b'), (9, true, 'c') }), "the newest key found no room");
        Assert.That(_reads.ReadsHeld, Is.EqualTo(1));
    }

    [Test]
    public void AKeyForAReadAboutToGoIdleGoesWithTheKey()
    {
        Read(1, 0);
        _reads.Add(KeyStroke.Special(Key.Up));
        _reads.Answer(_channel, KeyboardProtocol.IdleAnswerMilliseconds + 10);
        Assert.That(_channel.TryTakeCompletion(out KeyboardCompletion answer), Is.True);
        Assert.That((answer.Tag, answer.HasKey, answer.Key.Key), Is.EqualTo((1, true, Key.Up)));
    }

    [Test]
    public void TheQueuesWrapAround()
    {
        for (int round = 0; round < 20; round++)
        {
            Read(round, (ulong)round);
            _reads.Add(KeyStroke.Of((char)('a' + round)));
            _reads.Answer(_channel, (ulong)round);
            Assert.That(Answers(), Is.EqualTo(new[] { (round, true, (char)('a' + round)) }));
        }
    }
}
