using NUnit.Framework;
using Zos.Kernel.Boot;

namespace Zos.Tests.Host;

public class KernelCommandLineTests
{
    [Test]
    public void ReadsOptionsAndFlags()
    {
        var line = KernelCommandLine.Parse("console=serial quiet loglevel=7");

        Assert.That(line.Count, Is.EqualTo(3));
        Assert.That(line.TryGet("console", out string console), Is.True);
        Assert.That(console, Is.EqualTo("serial"));
        Assert.That(line.TryGet("loglevel", out string level), Is.True);
        Assert.That(level, Is.EqualTo("7"));
        Assert.That(line.Has("quiet"), Is.True);
        Assert.That(line.Has("console"), Is.True);
        Assert.That(line.Has("debug"), Is.False);
    }

    [Test]
    public void BareFlagHasNoValue()
    {
        var line = KernelCommandLine.Parse("quiet");

        Assert.That(line.TryGet("quiet", out string value), Is.False);
        Assert.That(value, Is.Null);
    }

    [Test]
    public void MissingKeyIsNotFound()
    {
        var line = KernelCommandLine.Parse("a=1");

        Assert.That(line.TryGet("b", out string value), Is.False);
        Assert.That(value, Is.Null);
    }

    [Test]
    public void ValueMayBeEmptyOrContainEquals()
    {
        var line = KernelCommandLine.Parse("root= init=/bin/sh=x");

        Assert.That(line.TryGet("root", out string root), Is.True);
        Assert.That(root, Is.EqualTo(""));
        Assert.That(line.TryGet("init", out string init), Is.True);
        Assert.That(init, Is.EqualTo("/bin/sh=x"));
    }

    [Test]
    public void CollapsesRepeatedAndSurroundingSpaces()
    {
        var line = KernelCommandLine.Parse("   a=1    b   ");

        Assert.That(line.Count, Is.EqualTo(2));
        Assert.That(line.KeyAt(0), Is.EqualTo("a"));
        Assert.That(line.ValueAt(0), Is.EqualTo("1"));
        Assert.That(line.KeyAt(1), Is.EqualTo("b"));
        Assert.That(line.ValueAt(1), Is.Null);
    }

    [Test]
    public void LaterWordOverridesEarlierOne()
    {
        var line = KernelCommandLine.Parse("loglevel=3 quiet loglevel=7 quiet");

        Assert.That(line.Count, Is.EqualTo(2));
        Assert.That(line.TryGet("loglevel", out string level), Is.True);
        Assert.That(level, Is.EqualTo("7"));
    }

    [Test]
    public void SkipsWordsWithEmptyKey()
    {
        var line = KernelCommandLine.Parse("=oops ok");

        Assert.That(line.Count, Is.EqualTo(1));
        Assert.That(line.Has("ok"), Is.True);
        Assert.That(line.Has(""), Is.False);
    }

    [TestCase("")]
    [TestCase("    ")]
    [TestCase(null)]
    public void EmptyLineHasNothing(string? text)
    {
        var line = KernelCommandLine.Parse(text!);

        Assert.That(line.Count, Is.EqualTo(0));
        Assert.That(line.Has("quiet"), Is.False);
    }
}
