using NUnit.Framework;
using Zos.Hal.Timing;

namespace Zos.Tests.Host;

public class TimestampClockTests
{
    private const ulong PitHz = 1193182;

    [Test]
    public void TenMillisecondsOfPitAt3GhzGivesAbout3Ghz()
    {
        // 11932 PIT counts = 10.0001 ms; a 3 GHz TSC ticks 30,000,250 times in it.
        ulong ticks = TimestampClock.TicksPerSecondFrom(30_000_000, 11932);
        Assert.That(ticks, Is.EqualTo(30_000_000UL * PitHz / 11932));
        Assert.That(ticks, Is.InRange(2_999_000_000UL, 3_001_000_000UL));
    }

    [Test]
    public void OneFullSecondOfPitCountsGivesElapsedTicks()
    {
        Assert.That(TimestampClock.TicksPerSecondFrom(2_500_000_000, (uint)PitHz), Is.EqualTo(2_500_000_000UL));
    }

    [Test]
    public void ScalesLinearlyWithElapsedTicks()
    {
        ulong one = TimestampClock.TicksPerSecondFrom(1_000_000, 11932);
        ulong two = TimestampClock.TicksPerSecondFrom(2_000_000, 11932);
        Assert.That(two, Is.InRange(2 * one, 2 * one + 1));
    }

    [Test]
    public void ZeroPitCountGivesZeroInsteadOfDividingByZero()
    {
        Assert.That(TimestampClock.TicksPerSecondFrom(123456, 0), Is.EqualTo(0UL));
    }

    [Test]
    public void ZeroElapsedGivesZero()
    {
        Assert.That(TimestampClock.TicksPerSecondFrom(0, 11932), Is.EqualTo(0UL));
    }

    [Test]
    public void RoundsDown()
    {
        // 1 tick per PIT count: 1193182 / 1 exactly; 3 ticks in 2 counts: 1.5 * 1193182 = 1789773.
        Assert.That(TimestampClock.TicksPerSecondFrom(1, 1), Is.EqualTo(PitHz));
        Assert.That(TimestampClock.TicksPerSecondFrom(3, 2), Is.EqualTo(1789773UL));
        Assert.That(TimestampClock.TicksPerSecondFrom(1, 3), Is.EqualTo(397727UL));
    }
}
