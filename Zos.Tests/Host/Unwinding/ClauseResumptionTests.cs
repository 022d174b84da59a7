using NUnit.Framework;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

public class ClauseResumptionTests
{
    private static EHClause Clause(uint start, uint end) => new() { TryStart = start, TryEnd = end };

    [Test]
    public void WithoutAResumePointNothingIsSkipped()
    {
        var resumption = new ClauseResumption(ClauseResumption.None);
        Assert.That(resumption.Skips(0, Clause(0, 10)), Is.False);
    }

    [Test]
    public void SkipsUpToTheClauseAndItsSiblingCatches()
    {
        // 0: inner try [10,20); 1: the catch that ran, try [30,40); 2: sibling catch, same try;
        // 3: empty marker; 4: a different try block with the same range; 5: outer try.
        var resumption = new ClauseResumption(1);
        Assert.That(resumption.Skips(0, Clause(10, 20)), Is.True);
        Assert.That(resumption.Skips(1, Clause(30, 40)), Is.True);
        Assert.That(resumption.Skips(2, Clause(30, 40)), Is.True, "a sibling catch of the same try");
        Assert.That(resumption.Skips(3, Clause(0, 0)), Is.False);
        Assert.That(resumption.Skips(4, Clause(30, 40)), Is.False, "after the marker: an enclosing try");
        Assert.That(resumption.Skips(5, Clause(0, 100)), Is.False);
    }
}
