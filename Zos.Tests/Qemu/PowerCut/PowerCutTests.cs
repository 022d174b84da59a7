namespace Zos.Tests.Qemu.PowerCut;

// The store under real power cuts (PowerCutCampaign): every put acknowledged
// before a cut is there after it, nothing half there, the store opens and
// checks clean; and a control run on a disk that ignores flushes loses puts,
// which shows the harness cuts at all. The larger campaign (100 cuts over 10
// seeds) is opt-in:
//   dotnet test Zos.Tests -p:ZosSkipImage=true --filter "Category=kv-power-cut-campaign" --logger "console;verbosity=detailed"
[Category("qemu")]
public class PowerCutTests
{
    [Test]
    public void TenCutsLoseNoAcknowledgedPut() => PowerCutCampaign.Run(seed: 15, cuts: 10);

    [Test]
    public void WithoutFlushesACutLosesAcknowledgedPuts()
    {
        string? lost = null;
        // Each seed cuts once; a loss is all but certain, and three tries make it so.
        for (int seed = 1; seed <= 3 && lost is null; seed++) lost = PowerCutCampaign.RunWithoutFlushes(seed);
        TestContext.Out.WriteLine($"the control lost: {lost}");
        Assert.That(lost, Is.Not.Null, "a cut of a disk that ignores flushes lost nothing: the harness is not cutting");
    }

    [Test, Explicit, Category("kv-power-cut-campaign")]
    public void AHundredCutsLoseNoAcknowledgedPut([Range(1, 10)] int seed) => PowerCutCampaign.Run(seed * 1000, cuts: 10);
}
