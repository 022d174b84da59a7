using Zos.Drivers;
using Zos.Hal.Drivers;
using Zos.Hal.Drivers.Block;

namespace Zos.Tests.Host.Drivers;

// What the AHCI and NVMe request rigs share: the test plays the block
// service on a request channel (taking the driver's answers) and the
// driver's loop (Issue, Reap) with a clock it moves itself (Now).
internal abstract class BlockDriverRig(int capacity)
{
    public DriverChannel<BlockDriverRequest, BlockDriverCompletion> Channel { get; } =
        new(capacity, new CountingDoorbell(), new CountingDoorbell());
    public ulong Now { get; set; }
    // Every completion taken from the channel, in the order the driver posted them.
    public List<BlockDriverCompletion> Answers { get; } = new();

    // Requests waiting or in flight.
    public abstract bool Busy { get; }

    // As the block service submits and the driver's loop takes it.
    public void Submit(in BlockDriverRequest request)
    {
        Assert.That(Channel.TrySubmit(request), Is.True, "the channel has room");
        Assert.That(Channel.TryTakeRequest(out BlockDriverRequest taken), Is.True);
        Accept(taken);
    }

    // The driver's own intake of a request it took from the channel.
    protected abstract void Accept(in BlockDriverRequest request);

    public abstract void Issue();

    // Null, or why the device is beyond recovery.
    public abstract string? Reap();

    // One turn of the driver's loop that must not find the device beyond recovery.
    public void Step()
    {
        Issue();
        Assert.That(Reap(), Is.Null, "the device recovered");
    }

    // Turns of the loop until nothing waits or is in flight (completions are not held).
    public void RunUntilIdle()
    {
        for (int round = 0; round < 100 && Busy; round++) Step();
        Assert.That(Busy, Is.False, "everything was answered");
    }

    // Takes the completions posted since the last call.
    public List<BlockDriverCompletion> TakeAnswers()
    {
        var taken = new List<BlockDriverCompletion>();
        while (Channel.TryTakeCompletion(out BlockDriverCompletion completion)) taken.Add(completion);
        Answers.AddRange(taken);
        return taken;
    }

    public BlockDriverCompletion AnswerTo(int tag)
    {
        TakeAnswers();
        List<BlockDriverCompletion> answers = Answers.Where(answer => answer.Tag == tag).ToList();
        Assert.That(answers, Has.Count.EqualTo(1), $"tag {tag} is answered exactly once");
        return answers[0];
    }

    // How many of the driver's bounce buffers are free: all taken, counted and given back.
    protected static int FreeBuffers(BounceBuffers bounce)
    {
        var taken = new List<int>();
        for (int index = bounce.Take(); index >= 0; index = bounce.Take()) taken.Add(index);
        foreach (int index in taken) bounce.Give(index);
        return taken.Count;
    }
}
