using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

// The decoders run over the real kernel's unwind and EH data (iso/zos.elf,
// built by `dotnet build`), checked against what the C# source of known test
// methods implies and against the ELF's own symbols.
public unsafe class KernelUnwindDataTests
{
    private const string Tests = "Zos_SelfTests_Zos_SelfTests_Exceptions_";
    private KernelImage _image = null!;
    private CodeLookup _code;
    private EhFrameHeader _header;

    [OneTimeSetUp]
    public void LoadKernel()
    {
        string path = KernelImage.DefaultPath();
        if (!File.Exists(path)) Assert.Ignore($"{path} is missing: build the solution first");
        _image = new KernelImage(path);
        Assert.That(EhFrameHeader.TryOpen(_image.EhFrameHeader, out _header), Is.True);
        _code = new CodeLookup(_header);
    }

    [OneTimeTearDown]
    public void Unload() => _image?.Dispose();

    private (FrameDescription Frame, UnwindBlock Block) Find(ulong address)
    {
        Assert.That(_code.TryFind((ulong)_image.At(address), out FrameDescription frame, out UnwindBlock block), Is.True, $"no unwind data at {address:x}");
        return (frame, block);
    }

    private List<EHClause> Clauses(UnwindBlock block)
    {
        Assert.That((ulong)block.EHInfo, Is.Not.Zero, "the method has no EH clauses");
        var reader = new EHClauseReader(block.EHInfo);
        var clauses = new List<EHClause>();
        while (reader.TryNext(out EHClause clause)) clauses.Add(clause);
        return clauses;
    }

    [Test]
    public void TheHeaderTableIsSortedAndEveryEntryParses()
    {
        Assert.That(_header.Count, Is.GreaterThan(100u));
        for (uint i = 0; i < _header.Count; i++)
        {
            Assert.That(FrameDescription.TryParse(_header.FdeAt(i), out FrameDescription frame), Is.True, $"FDE {i}");
            Assert.That(frame.PcBegin, Is.EqualTo(_header.StartAt(i)));
            if (i > 0) Assert.That(_header.StartAt(i), Is.GreaterThan(_header.StartAt(i - 1)));
        }
    }

    [Test]
    public void FindsAMethodsFdeByAnyAddressInsideIt()
    {
        var (address, _) = _image.Symbol(Tests + "TypedCatchTest__Run");
        foreach (ulong pc in new[] { address, address + 0x20 })
        {
            var (frame, block) = Find(pc);
            Assert.That(_image.Address((byte*)frame.PcBegin), Is.EqualTo(address));
            Assert.That(block.Kind, Is.EqualTo(FunctionKind.Root));
            Assert.That(block.MethodStart, Is.EqualTo(frame.PcBegin));
        }
        Assert.That(_code.TryFind((ulong)_image.At(_image.Symbol("RhpThrowEx").Address), out _, out _), Is.False, "assembly code has no FDE");
    }

    [Test]
    public void ATypedCatchNamesTheCaughtTypesMethodTable()
    {
        var (address, _) = _image.Symbol(Tests + "TypedCatchTest__Run");
        List<EHClause> clauses = Clauses(Find(address).Block);
        Assert.That(clauses, Has.Count.EqualTo(1));
        Assert.That(clauses[0].Kind, Is.EqualTo(EHClauseKind.Typed));
        Assert.That(_image.Address((byte*)clauses[0].CatchType), Is.EqualTo(_image.Symbol("_ZTV44S_P_CoreLib_System_InvalidOperationException").Address));

        // The handler is a funclet of this method: its own FDE and a Handler blob leading back here.
        var (handler, handlerBlock) = Find(address + clauses[0].HandlerOffset);
        Assert.That(_image.Address((byte*)handler.PcBegin), Is.EqualTo(address + clauses[0].HandlerOffset));
        Assert.That(handlerBlock.Kind, Is.EqualTo(FunctionKind.Handler));
        Assert.That(_image.Address((byte*)handlerBlock.MethodStart), Is.EqualTo(address));
    }

    [Test]
    public void NestedFinallyBlocksAreFaultClausesInnermostFirst()
    {
        var (address, _) = _image.Symbol(Tests + "FinallyOnExceptionTest__Inner");
        List<EHClause> clauses = Clauses(Find(address).Block);
        Assert.That(clauses.Select(c => c.Kind), Is.EqualTo(new[] { EHClauseKind.Fault, EHClauseKind.Fault }));
        Assert.That(clauses[0].TryStart, Is.GreaterThanOrEqualTo(clauses[1].TryStart));
        Assert.That(clauses[0].TryEnd, Is.LessThanOrEqualTo(clauses[1].TryEnd));
        Assert.That(clauses[0].HandlerOffset, Is.Not.EqualTo(clauses[1].HandlerOffset));
    }

    [Test]
    public void WhenFiltersHaveFilterFunclets()
    {
        var (address, _) = _image.Symbol(Tests + "FilterTest__Run");
        List<EHClause> filters = Clauses(Find(address).Block).Where(c => c.Kind == EHClauseKind.Filter).ToList();
        Assert.That(filters, Has.Count.EqualTo(2));
        foreach (var clause in filters)
        {
            Assert.That(Find(address + clause.FilterOffset).Block.Kind, Is.EqualTo(FunctionKind.Filter));
            Assert.That(Find(address + clause.HandlerOffset).Block.Kind, Is.EqualTo(FunctionKind.Handler));
        }
    }

    [Test]
    public void TheRowAtACallSiteDescribesThePrologue()
    {
        // TypedCatchTest.Run: push rbp; push r15; push rbx; sub rsp, 16 (see objdump -d iso/zos.elf).
        var (address, size) = _image.Symbol(Tests + "TypedCatchTest__Run");
        var (frame, _) = Find(address);
        Assert.That(CfaInterpreter.TryFindRow(frame, (ulong)_image.At(address + 0x20), out UnwindRow row), Is.True);
        Assert.That((row.CfaRegister, row.CfaOffset), Is.EqualTo((DwarfRegister.Rsp, 48L)));
        Assert.That((row.RuleOf(DwarfRegister.ReturnAddress), row.ValueOf(DwarfRegister.ReturnAddress)), Is.EqualTo((RegisterRule.Offset, -8L)));
        Assert.That((row.RuleOf(DwarfRegister.Rbp), row.ValueOf(DwarfRegister.Rbp)), Is.EqualTo((RegisterRule.Offset, -16L)));
        Assert.That((row.RuleOf(DwarfRegister.R15), row.ValueOf(DwarfRegister.R15)), Is.EqualTo((RegisterRule.Offset, -24L)));
        Assert.That((row.RuleOf(DwarfRegister.Rbx), row.ValueOf(DwarfRegister.Rbx)), Is.EqualTo((RegisterRule.Offset, -32L)));
        Assert.That(CfaInterpreter.TryFindRow(frame, (ulong)_image.At(address), out UnwindRow entry), Is.True);
        Assert.That((entry.CfaRegister, entry.CfaOffset), Is.EqualTo((DwarfRegister.Rsp, 8L)));
        Assert.That(size, Is.GreaterThan(0x20UL));
    }
}
