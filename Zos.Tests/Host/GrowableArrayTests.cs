using Zos.Hal;

namespace Zos.Tests.Host;

public class GrowableArrayTests
{
    [Test]
    public void GrowsPastItsFirstArrayKeepingOrderThroughInsertAndRemove()
    {
        var array = new GrowableArray<int>();
        for (int i = 0; i < 9; i++) array.Add(i);
        array.Insert(0, 100);
        array.RemoveAt(5);
        Assert.That(array.ToArray(), Is.EqualTo(new[] { 100, 0, 1, 2, 3, 5, 6, 7, 8 }));
        Assert.That((array.Count, array[0], array[8]), Is.EqualTo((9, 100, 8)));
    }

    // The backing array has room past Count; reading there is a caller's bug, not "nothing".
    [Test]
    public void ReadingPastTheCountThrowsEvenWhereTheBackingArrayHasRoom()
    {
        var array = new GrowableArray<string>();
        array.Add("a");
        array.Add("b");
        array.RemoveAt(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[-1]);
        array.Clear();
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = array[0]);
    }
}
