using Zos.Hal.Drivers;

namespace Zos.Tests.Host.Drivers;

public class DriverChannelTests
{
    private readonly record struct Request(int Tag, int Argument);
    private readonly record struct Completion(int Tag, long Result);

    [Test]
    public void RequestsReachTheDriverAndCompletionsTheClient()
    {
        var toDriver = new CountingDoorbell();
        var toClient = new CountingDoorbell();
        var channel = new DriverChannel<Request, Completion>(4, toDriver, toClient);

        Assert.That(channel.TrySubmit(new Request(1, 5)), Is.True);
        Assert.That(channel.TrySubmit(new Request(2, 6)), Is.True);
        Assert.That((toDriver.Rings, channel.Outstanding), Is.EqualTo((2, 2)));

        Assert.That(channel.WaitForRequest(10), Is.True);
        while (channel.TryTakeRequest(out Request request))
            Assert.That(channel.TryComplete(new Completion(request.Tag, request.Argument * 10L)), Is.True);

        Assert.That((toClient.Rings, channel.Outstanding), Is.EqualTo((2, 0)));
        Assert.That(channel.WaitForCompletion(10), Is.True);
        Assert.That(channel.TryTakeCompletion(out Completion first), Is.True);
        Assert.That(channel.TryTakeCompletion(out Completion second), Is.True);
        Assert.That((first, second), Is.EqualTo((new Completion(1, 50), new Completion(2, 60))));
        Assert.That(channel.TryTakeCompletion(out _), Is.False);
        Assert.That(channel.WaitForRequest(0), Is.False);
    }

    [Test]
    public void SubmissionStopsWhileCompletionsCouldNotAllBePosted()
    {
        var channel = new DriverChannel<Request, Completion>(2, new CountingDoorbell(), new CountingDoorbell());
        Assert.That(channel.TrySubmit(new Request(1, 0)), Is.True);
        Assert.That(channel.TryTakeRequest(out _), Is.True);
        Assert.That(channel.TryComplete(new Completion(1, 0)), Is.True);
        Assert.That(channel.TrySubmit(new Request(2, 0)), Is.True);

        // One completion untaken and one request outstanding fill the completion ring.
        Assert.That(channel.TrySubmit(new Request(3, 0)), Is.False);
        Assert.That(channel.TryTakeRequest(out _), Is.True);
        Assert.That(channel.TryComplete(new Completion(2, 0)), Is.True, "the driver never finds the completion ring full");
        Assert.That(channel.TryTakeCompletion(out _), Is.True);
        Assert.That(channel.TrySubmit(new Request(3, 0)), Is.True);
    }
}
