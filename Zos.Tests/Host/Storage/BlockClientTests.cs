using Zos.Hal.Drivers.Block;
using Zos.Kernel.Storage;
using Zos.Tests.Host.Drivers;

namespace Zos.Tests.Host.Storage;

// A client's own completion ring over a block device: tags come back with
// their requests, the client's doorbell rings, and no more than Capacity
// requests are ever outstanding.
public class BlockClientTests
{
    [Test]
    public void CompletionsComeBackWithTheirTagsAndRingTheClient()
    {
        var bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8));
        var doorbell = new CountingDoorbell();
        var client = new BlockClient(bench.Device, capacity: 2, doorbell);
        var data = new byte[512];
        data[0] = 0x5A;

        Assert.That(client.Submit(BlockOperation.Write, 3, 1, data, 0, tag: 77), Is.Null);
        Assert.That(client.Submit(BlockOperation.Read, 3, 1, new byte[512], 0, tag: 78), Is.Null);
        Assert.That(client.Outstanding, Is.EqualTo(2));
        Assert.That(client.TryTakeCompletion(out _), Is.False, "nothing has completed yet");
        Assert.That(client.WaitForCompletion(0), Is.False);
        bench.Run();

        Assert.That(doorbell.Rings, Is.EqualTo(2));
        Assert.That(client.WaitForCompletion(0), Is.True);
        Assert.That(client.TryTakeCompletion(out BlockCompletion first), Is.True);
        Assert.That(client.TryTakeCompletion(out BlockCompletion second), Is.True);
        Assert.That((first.Tag, second.Tag), Is.EqualTo((77UL, 78UL)));
        Assert.That(second.Request.Buffer[0], Is.EqualTo(0x5A));
        Assert.That(client.Outstanding, Is.EqualTo(0));
        Assert.That(client.TryTakeCompletion(out _), Is.False);
    }

    // The doorbell says "something happened", the ring says what: a completion
    // already taken is not reported again because a ring is still pending, and
    // one still waiting is reported though the rings were spent.
    [Test]
    public void WaitingAsksTheRingNotTheDoorbell()
    {
        var bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8));
        var doorbell = new CountingDoorbell();
        var client = new BlockClient(bench.Device, capacity: 2, doorbell);
        client.Submit(BlockOperation.Read, 0, 1, new byte[512], 0, tag: 1);
        client.Submit(BlockOperation.Read, 1, 1, new byte[512], 0, tag: 2);
        bench.Run();

        Assert.That(doorbell.Wait(0), Is.True, "the rings are spent here");
        Assert.That(client.WaitForCompletion(0), Is.True, "two completions wait, rung or not");
        Assert.That(client.TryTakeCompletion(out _), Is.True);
        Assert.That(client.WaitForCompletion(0), Is.True, "one still waits");
        Assert.That(client.TryTakeCompletion(out _), Is.True);

        doorbell.Ring();
        Assert.That(client.WaitForCompletion(0), Is.False, "a ring with nothing in the ring is no completion");
    }

    [Test]
    public void MoreThanCapacityOutstandingIsRefusedAndARefusedRequestIsNotCounted()
    {
        var bench = new BlockDeviceBench(new SimulatedBlockDriver(sectors: 64, maxSectorsPerRequest: 8));
        var client = new BlockClient(bench.Device, capacity: 1, new CountingDoorbell());

        Assert.That(client.Submit(BlockOperation.Read, 0, 1, new byte[100], 0, tag: 1), Is.EqualTo("the buffer does not hold 512 bytes from offset 0"));
        Assert.That(client.Outstanding, Is.EqualTo(0), "a request the device refused is not outstanding");
        Assert.That(client.Submit(BlockOperation.Read, 0, 1, new byte[512], 0, tag: 2), Is.Null);
        Assert.That(client.Submit(BlockOperation.Read, 1, 1, new byte[512], 0, tag: 3), Is.EqualTo("all 1 requests of this client are outstanding"));
        bench.Run();
        Assert.That(client.TryTakeCompletion(out BlockCompletion done), Is.True);
        Assert.That(done.Tag, Is.EqualTo(2UL));
        Assert.That(client.Submit(BlockOperation.Read, 1, 1, new byte[512], 0, tag: 4), Is.Null, "room again once taken");
    }
}
