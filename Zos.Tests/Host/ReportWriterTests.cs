using NUnit.Framework;
using Zos.Kernel.Diagnostics;

namespace Zos.Tests.Host;

public class ReportWriterTests
{
    [Test]
    public void FormatsHexAndDecimal()
    {
        var w = new ReportWriter(64);
        w.Text("a=").Hex(0xBEEF, 4).Text(" n=").Decimal(1203);
        Assert.That(w.ToString(), Is.EqualTo("a=0xbeef n=1203"));
    }

    [Test]
    public void DropsTextPastCapacity()
    {
        var w = new ReportWriter(5);
        w.Text("0123456789");
        Assert.That(w.ToString(), Is.EqualTo("01234"));
    }
}
