using Zos.Hal;
using Zos.Hal.Timing;

namespace Zos.Tests.Host;

// The clock's calibration and discipline, fed the windows and looks a
// stalled or noisy machine produces.
public class TscCalibrationTests
{
    private const ulong TrueHz = 2_500_000_000;
    private const ulong WindowNs = 10_000_000;
    private const ulong FastRead = 40;

    private static CalibrationWindow Window(ulong hz, long ppm = 0, ulong read = FastRead) =>
        new((ulong)((decimal)hz * WindowNs / 1_000_000_000m * (1 + ppm / 1_000_000m)), WindowNs, read);

    [Test]
    public void TenMillisecondsOfPitAt3GhzGivesAbout3Ghz()
    {
        // 11932 PIT counts = 10.0001 ms; a 3 GHz TSC ticks 30,000,453 times in it.
        ulong ns = TscCalibrator.PitNanoseconds(11932);
        Assert.That(ns, Is.EqualTo(10_000_150UL));
        Assert.That(new CalibrationWindow(30_000_453, ns, FastRead).TicksPerSecond, Is.InRange(2_999_999_000UL, 3_000_001_000UL));
    }

    [Test]
    public void OneFullSecondOfPitCountsGivesElapsedTicks()
    {
        Assert.That(new CalibrationWindow(2_500_000_000, TscCalibrator.PitNanoseconds(TscCalibrator.PitHz), FastRead).TicksPerSecond,
            Is.EqualTo(2_500_000_000UL));
    }

    [Test]
    public void CalmWindowsAllAgreeAndGiveTheRate()
    {
        CalibrationWindow[] windows = [Window(TrueHz, 50), Window(TrueHz, -40), Window(TrueHz), Window(TrueHz, 10), Window(TrueHz, -20)];
        ulong hz = TscCalibration.Decide(windows, out int used, out int rejected, out string error);
        Assert.That((used, rejected, error), Is.EqualTo((5, 0, (string?)null)));
        Assert.That(hz, Is.InRange(TrueHz - TrueHz / 100_000, TrueHz + TrueHz / 100_000));
    }

    // A host stall between reading the reference and the TSC at a window's end
    // stretches that window's TSC ticks: read alone, it makes the clock run slow.
    [Test]
    public void AWindowWhoseEndReadingWasStalledIsRejected()
    {
        var stalled = new CalibrationWindow(Window(TrueHz).TscTicks + TrueHz / 1000 * 40, WindowNs, 100_000_000);
        Assert.That((double)stalled.TicksPerSecond / TrueHz, Is.GreaterThan(4.9), "one stalled window alone is 5x off");

        CalibrationWindow[] windows = [Window(TrueHz), stalled, Window(TrueHz, 30), Window(TrueHz, -30), Window(TrueHz, 5)];
        ulong hz = TscCalibration.Decide(windows, out int used, out int rejected, out _);

        Assert.That((used, rejected), Is.EqualTo((4, 1)));
        Assert.That(hz, Is.InRange(TrueHz - TrueHz / 10_000, TrueHz + TrueHz / 10_000));
    }

    // A stretched window whose readings looked fast (the stall fell inside the
    // window's wait, on a clock that kept running for one side only) still
    // disagrees with the others.
    [Test]
    public void AnOutlierThatReadFastIsOutvoted()
    {
        CalibrationWindow[] windows = [Window(TrueHz), Window(TrueHz, 268_000), Window(TrueHz, 20), Window(TrueHz, -10), Window(TrueHz, 900_000)];
        ulong hz = TscCalibration.Decide(windows, out int used, out int rejected, out _);
        Assert.That((used, rejected), Is.EqualTo((3, 2)));
        Assert.That(hz, Is.InRange(TrueHz - TrueHz / 10_000, TrueHz + TrueHz / 10_000));
    }

    [Test]
    public void WindowsThatDoNotAgreeGiveNoRateButTheReason()
    {
        CalibrationWindow[] windows = [Window(TrueHz), Window(TrueHz, 30_000), Window(TrueHz, -30_000), Window(TrueHz, 60_000), Window(TrueHz, -60_000)];
        Assert.That(TscCalibration.Decide(windows, out int used, out _, out string error), Is.Zero);
        Assert.That(used, Is.EqualTo(1));
        Assert.That(error, Is.EqualTo("only 1 of 5 windows agree within 0.2 %"));
    }

    [Test]
    public void RatesNoCpuHasAreRejected()
    {
        CalibrationWindow[] windows = [new(1000, WindowNs, FastRead), new(ulong.MaxValue / 4, WindowNs, FastRead)];
        Assert.That(TscCalibration.Decide(windows, out _, out int rejected, out string error), Is.Zero);
        Assert.That(rejected, Is.EqualTo(2));
        Assert.That(error, Is.EqualTo("no window gave a plausible rate (2 measured)"));
    }

    [Test]
    public void RatesOverDaysDoNotOverflow()
    {
        const ulong days = 40UL * 24 * 3600 * 1_000_000_000;
        Assert.That(TscCalibration.Rate(TrueHz * (days / 1_000_000_000), days), Is.EqualTo(TrueHz));
        Assert.That(TscCalibration.Scale(ulong.MaxValue / 3, 1_000_000_000, 999_999_937), Is.EqualTo((ulong)((System.Numerics.BigInteger)(ulong.MaxValue / 3) * 1_000_000_000 / 999_999_937)));
    }

    // The clock as TimestampClock runs it: from an anchor, at a rate.
    private sealed class ModelClock(ulong ticksPerSecond)
    {
        private ulong _baseTicks, _baseNs, _rate = ticksPerSecond;

        public ulong At(ulong ticks) => _baseNs + TscCalibration.Scale(ticks - _baseTicks, 1_000_000_000, _rate);

        public void Retune(ulong ticks, ulong rate)
        {
            _baseNs = At(ticks);
            _baseTicks = ticks;
            _rate = rate;
        }
    }

    [Test]
    public void TheDisciplineBringsAClockCalibrated2Point68TimesWrongBackOntoTheReferenceWithoutGoingBackwards()
    {
        const ulong period = 1_000_000_000;
        var clock = new ModelClock(TrueHz * 268 / 100);
        var discipline = new ClockDiscipline(0, 5_000);
        ulong last = 0;
        for (int look = 1; look <= 12; look++)
        {
            ulong ticks = TrueHz * (ulong)look;
            ulong reference = 5_000 + period * (ulong)look;
            ulong reading = clock.At(ticks);
            Assert.That(reading, Is.GreaterThanOrEqualTo(last), "the clock never runs backwards");
            last = reading;
            ulong rate = discipline.Look(ticks, reference, reading, slowRead: false, period);
            Assert.That(rate, Is.Not.Zero);
            clock.Retune(ticks, rate);
        }
        Assert.That(discipline.MeasuredTicksPerSecond, Is.EqualTo(TrueHz));
        Assert.That(Math.Abs(discipline.LastOffsetNanoseconds), Is.LessThan(1_000), "back on the reference");
        Assert.That(discipline.Corrections, Is.EqualTo(12));
    }

    [TestCase(0, 1_000_000_000UL)]
    [TestCase(-900_000_000, 1_900_000_000UL)]
    [TestCase(-1_500_000_000, 2_000_000_000UL)]
    [TestCase(5_000_000_000, 500_000_000UL)]
    public void OneCorrectionNeverMoreThanHalvesOrDoublesTheClocksSpeed(long offsetNs, ulong advanceNs)
    {
        // The clock must advance period - offset, clamped: rate = measured * period / advance.
        Assert.That(ClockDiscipline.RateToMeet(TrueHz, offsetNs, 1_000_000_000), Is.EqualTo(TrueHz * 1_000_000_000 / advanceNs));
    }

    [Test]
    public void ALookWhoseReadingWasStalledChangesNothing()
    {
        var discipline = new ClockDiscipline(100, 100);
        Assert.That(discipline.Look(TrueHz, 1_000_000_100, 999_000_000, slowRead: true, 1_000_000_000), Is.Zero);
        Assert.That((discipline.SkippedLooks, discipline.Corrections), Is.EqualTo((1, 0)));
    }
}

public class ReportedTscFrequencyTests
{
    private static CpuidResult Leaf(uint eax = 0, uint ebx = 0, uint ecx = 0) => new() { Eax = eax, Ebx = ebx, Ecx = ecx };

    [Test]
    public void Leaf15GivesTheCrystalTimesTheRatio()
    {
        // A 24 MHz crystal and a TSC/crystal ratio of 188/2: 2.256 GHz.
        Assert.That(ReportedTscFrequency.FromLeaves(true, Leaf(2, 188, 24_000_000), default, 0, out string source), Is.EqualTo(2_256_000_000UL));
        Assert.That(source, Is.EqualTo("cpuid 15h"));
    }

    [Test]
    public void WithoutACrystalLeaf16sBaseFrequencyIsTaken()
    {
        Assert.That(ReportedTscFrequency.FromLeaves(true, Leaf(2, 188, 0), Leaf(2900), 0, out string source), Is.EqualTo(2_900_000_000UL));
        Assert.That(source, Is.EqualTo("cpuid 16h"));
    }

    [Test]
    public void ANonInvariantTscsLeavesAreNotTrustedButAHypervisorsIs()
    {
        Assert.That(ReportedTscFrequency.FromLeaves(false, Leaf(2, 188, 24_000_000), Leaf(2900), 0, out _), Is.Zero);
        Assert.That(ReportedTscFrequency.FromLeaves(false, default, default, 2_095_000, out string source), Is.EqualTo(2_095_000_000UL));
        Assert.That(source, Is.EqualTo("hypervisor leaf 40000010h"));
    }

    [Test]
    public void AStatedFrequencyIsTakenOnlyWhenItAgreesWithTheMeasuredOne()
    {
        Assert.That(ReportedTscFrequency.Prefer(2_095_990_000, 2_096_000_000, "cpuid 15h", out string why), Is.EqualTo(2_096_000_000UL));
        Assert.That(why, Is.EqualTo("as cpuid 15h states"));
        Assert.That(ReportedTscFrequency.Prefer(2_095_990_000, 2_900_000_000, "cpuid 16h", out why), Is.EqualTo(2_095_990_000UL));
        Assert.That(why, Is.EqualTo("cpuid 16h states 2900000000 Hz, 383 per mille from the measured rate: ignored"));
        Assert.That(ReportedTscFrequency.Prefer(2_095_990_000, 5_000, "hypervisor leaf 40000010h", out why), Is.EqualTo(2_095_990_000UL));
        Assert.That(why, Does.EndWith("which no CPU runs at: ignored"));
        Assert.That(ReportedTscFrequency.Prefer(0, 2_096_000_000, "cpuid 15h", out why), Is.EqualTo(2_096_000_000UL), "nothing measured");
        Assert.That(ReportedTscFrequency.Prefer(2_095_990_000, 0, null!, out why), Is.EqualTo(2_095_990_000UL));
        Assert.That(why, Is.Null);
    }
}
