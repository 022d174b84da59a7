using System.Text.RegularExpressions;
using Zos.SelfTests;

namespace Zos.Tests.Host;

public class KernelTestSuiteTests
{
    private static string[] Names() => KernelTestSuite.Create().Select(t => t.Name).ToArray();

    [Test]
    public void SuiteIsNotEmpty()
    {
        Assert.That(KernelTestSuite.Create(), Is.Not.Empty);
    }

    [Test]
    public void NamesAreNonEmpty()
    {
        foreach (var name in Names())
            Assert.That(name, Is.Not.Null.And.Not.Empty);
    }

    [Test]
    public void NamesAreUnique()
    {
        Assert.That(Names(), Is.Unique);
    }

    [Test]
    public void NamesUseOnlyLowercaseDigitsDotsAndUnderscores()
    {
        foreach (var name in Names())
            Assert.That(Regex.IsMatch(name, "^[a-z0-9._]+$"), Is.True, name);
    }

    [Test]
    public void EveryCreateGivesFreshInstancesInTheSameOrder()
    {
        var first = KernelTestSuite.Create();
        var second = KernelTestSuite.Create();
        Assert.That(second.Select(t => t.Name), Is.EqualTo(first.Select(t => t.Name)));
        for (int i = 0; i < first.Length; i++)
            Assert.That(second[i], Is.Not.SameAs(first[i]));
    }
}
