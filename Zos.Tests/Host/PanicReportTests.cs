using NUnit.Framework;
using Zos.Hal.Interrupts;
using Zos.Kernel.Diagnostics;

namespace Zos.Tests.Host;

public class PanicReportTests
{
    private static readonly SymbolTable Symbols = SymbolTable.Parse(System.Text.Encoding.ASCII.GetBytes(
        "ffffffff80001000 Zos.Kernel.Main\n" +
        "ffffffff80001100 Zos.Kernel.Commands.FaultCommand.Execute\n" +
        "ffffffff80002000 Zos.Kernel.Shell.CommandShell.Execute\n"));

    private static FaultSnapshot PageFault(ulong cr2, ulong errorCode) => new()
    {
        Vector = ExceptionVector.PageFault,
        Cr2 = cr2,
        ErrorCode = errorCode,
    };

    [Test]
    public void PageFaultInNullPageIsNullDereference()
    {
        Assert.That(PanicReport.Classify(PageFault(0x8, 0)), Is.EqualTo("null dereference"));
        Assert.That(PanicReport.Classify(PageFault(0xfff, 2)), Is.EqualTo("null dereference"));
    }

    [Test]
    public void PageFaultOnNonPresentPageIsUnmappedAccess()
    {
        Assert.That(PanicReport.Classify(PageFault(0x5000, 0)), Is.EqualTo("access to unmapped memory"));
        Assert.That(PanicReport.Classify(PageFault(0x1000, 2)), Is.EqualTo("access to unmapped memory"));
    }

    [Test]
    public void PageFaultInTheStackGuardPageIsStackOverflow()
    {
        var fault = PageFault(0x40_0000_0ff8, 2);
        fault.InStackGuardPage = true;
        Assert.That(PanicReport.Classify(fault), Is.EqualTo("stack overflow"));
    }

    [Test]
    public void PageFaultWithPresentBitIsProtectionViolation()
    {
        Assert.That(PanicReport.Classify(PageFault(0x5000, 1)), Is.EqualTo("page protection violation"));
        Assert.That(PanicReport.Classify(PageFault(0x5000, 3)), Is.EqualTo("page protection violation"));
    }

    [TestCase(0UL, "integer divide by zero")]
    [TestCase(6UL, "invalid opcode")]
    [TestCase(13UL, "general protection violation")]
    [TestCase(8UL, "double fault (fault while handling a fault)")]
    [TestCase(3UL, "cpu exception")]
    public void ClassifiesByVector(ulong vector, string kind)
    {
        var s = new FaultSnapshot { Vector = vector, Cr2 = 0x8 };
        Assert.That(PanicReport.Classify(s), Is.EqualTo(kind));
    }

    private static FaultSnapshot FullSnapshot() => new()
    {
        Vector = ExceptionVector.PageFault,
        ErrorCode = 0x2,
        Rip = 0xffffffff8000112a,
        Cr2 = 0x8,
        Rflags = 0x246,
        Cs = 0x08,
        Ss = 0x10,
        Rsp = 0xffff800000007f00,
        Rax = 0x1111, Rbx = 0x2222, Rcx = 0x3333, Rdx = 0x4444,
        Rsi = 0x5555, Rdi = 0x6666, Rbp = 0x7777,
        R8 = 0x8888, R9 = 0x9999, R10 = 0xaaaa, R11 = 0xbbbb,
        R12 = 0xcccc, R13 = 0xdddd, R14 = 0xeeee, R15 = 0xf0f0,
    };

    private static string CpuFaultReport(out string[] lines)
    {
        var w = new ReportWriter(8192);
        var backtrace = new ulong[] { 0xffffffff80002010, 0xffffffff80001004, 0x10, 0xdead };
        var s = FullSnapshot();
        PanicReport.WriteCpuFault(w, s, Symbols, backtrace, 2);
        string text = w.ToString();
        lines = text.Split('\n');
        return text;
    }

    private static string Hex(ulong value) => "0x" + value.ToString("x16");

    [Test]
    public void CpuFaultReportIsFramedByMarkers()
    {
        string text = CpuFaultReport(out string[] lines);
        Assert.That(text, Does.StartWith(PanicReport.BeginMarker + "\n"));
        Assert.That(text, Does.EndWith(PanicReport.EndMarker + "\n"));
        Assert.That(lines[0], Is.EqualTo(PanicReport.BeginMarker));
        Assert.That(lines[^2], Is.EqualTo(PanicReport.EndMarker));
        Assert.That(lines[^1], Is.Empty);
    }

    [Test]
    public void CpuFaultReportHasCauseKindAndVector()
    {
        CpuFaultReport(out string[] lines);
        Assert.That(lines, Has.Member("cause: #PF page fault (vector 14)"));
        Assert.That(lines, Has.Member("kind: null dereference"));
        Assert.That(lines, Has.Member("error code: " + Hex(0x2)));
    }

    [Test]
    public void CpuFaultReportResolvesRipThroughSymbolTable()
    {
        CpuFaultReport(out string[] lines);
        Assert.That(lines, Has.Member("rip: " + Hex(0xffffffff8000112a)));
        Assert.That(lines, Has.Member("method: Zos.Kernel.Commands.FaultCommand.Execute+0x2a"));
    }

    [Test]
    public void CpuFaultReportMethodIsQuestionMarkWithoutSymbols()
    {
        var w = new ReportWriter(8192);
        PanicReport.WriteCpuFault(w, FullSnapshot(), SymbolTable.Empty, new ulong[0], 0);
        Assert.That(w.ToString().Split('\n'), Has.Member("method: ?"));
    }

    [Test]
    public void CpuFaultReportHasCr2()
    {
        CpuFaultReport(out string[] lines);
        Assert.That(lines, Has.Member("cr2: " + Hex(0x8)));
    }

    [Test]
    public void CpuFaultReportHasAllSixteenGeneralRegisters()
    {
        string text = CpuFaultReport(out _);
        var s = FullSnapshot();
        var expected = new (string Label, ulong Value)[]
        {
            ("rax=", s.Rax), ("rbx=", s.Rbx), ("rcx=", s.Rcx), ("rdx=", s.Rdx),
            ("rsi=", s.Rsi), ("rdi=", s.Rdi), ("rbp=", s.Rbp), ("rsp=", s.Rsp),
            ("r8 =", s.R8), ("r9 =", s.R9), ("r10=", s.R10), ("r11=", s.R11),
            ("r12=", s.R12), ("r13=", s.R13), ("r14=", s.R14), ("r15=", s.R15),
        };
        foreach (var (label, value) in expected)
            Assert.That(text, Does.Contain(label + Hex(value)), label);
    }

    [Test]
    public void CpuFaultReportHasFlagsAndSegments()
    {
        string text = CpuFaultReport(out _);
        Assert.That(text, Does.Contain("rflags=" + Hex(0x246) + " cs=0x0008 ss=0x0010"));
    }

    [Test]
    public void CpuFaultReportListsRequestedBacktraceFramesOnly()
    {
        CpuFaultReport(out string[] lines);
        int start = Array.IndexOf(lines, "backtrace:");
        Assert.That(start, Is.GreaterThan(0));
        Assert.That(lines[start + 1], Is.EqualTo("  #0 " + Hex(0xffffffff80002010) + " Zos.Kernel.Shell.CommandShell.Execute+0x10"));
        Assert.That(lines[start + 2], Is.EqualTo("  #1 " + Hex(0xffffffff80001004) + " Zos.Kernel.Main+0x4"));
        Assert.That(lines[start + 3], Is.EqualTo(PanicReport.EndMarker));
    }

    [Test]
    public void RuntimeFailureReportHasCauseExceptionAndMessage()
    {
        var w = new ReportWriter(8192);
        var backtrace = new ulong[] { 0xffffffff80001008, 0x42 };
        PanicReport.WriteRuntimeFailure(w, "unhandled exception", "System.InvalidOperationException",
            "queue empty".AsSpan(), 0xffffffff80002004, Symbols, backtrace, 2);
        string[] lines = w.ToString().Split('\n');
        Assert.That(lines, Is.EqualTo(new[]
        {
            PanicReport.BeginMarker,
            "cause: unhandled exception",
            "exception: System.InvalidOperationException",
            "message: queue empty",
            "rip: " + Hex(0xffffffff80002004),
            "method: Zos.Kernel.Shell.CommandShell.Execute+0x4",
            "backtrace:",
            "  #0 " + Hex(0xffffffff80001008) + " Zos.Kernel.Main+0x8",
            "  #1 " + Hex(0x42) + " ?",
            PanicReport.EndMarker,
            "",
        }));
    }

    [Test]
    public void RuntimeFailureReportWithoutTypeOrMessage()
    {
        var w = new ReportWriter(8192);
        PanicReport.WriteRuntimeFailure(w, "out of memory", null!, ReadOnlySpan<char>.Empty, 0, Symbols, new ulong[0], 0);
        string text = w.ToString();
        Assert.That(text, Does.Not.Contain("exception:"));
        Assert.That(text.Split('\n'), Has.Member("message: (none)"));
        Assert.That(text.Split('\n'), Has.Member("cause: out of memory"));
    }
}
