using NUnit.Framework;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

public unsafe class CfaInterpreterTests
{
    // def_cfa rsp+8; return address at cfa-8: what every x86-64 CIE starts with.
    private static readonly byte[] StandardCie = [0x0c, 7, 8, 0x90, 1];

    [Test]
    public void ParsesTheFdeAndItsCie()
    {
        using var frame = new SyntheticFrame(StandardCie, []);
        FrameDescription fd = frame.Parse();
        Assert.That(fd.PcBegin, Is.EqualTo(SyntheticFrame.PcBegin));
        Assert.That(fd.PcEnd, Is.EqualTo(SyntheticFrame.PcBegin + SyntheticFrame.PcRange));
        Assert.That((ulong)(nuint)fd.Lsda, Is.EqualTo(SyntheticFrame.Lsda));
        Assert.That(fd.DataAlignment, Is.EqualTo(-8));
        Assert.That(fd.ReturnAddressRegister, Is.EqualTo(16));
    }

    [Test]
    public void FollowsAPrologueThatSetsUpAFramePointer()
    {
        // push rbp; mov rbp, rsp; push rbx
        byte[] fde = [0x41, 0x0e, 16, 0x86, 2, 0x43, 0x0d, 6, 0x41, 0x83, 3];
        using var frame = new SyntheticFrame(StandardCie, fde);

        UnwindRow entry = frame.RowAt(0);
        Assert.That((entry.CfaRegister, entry.CfaOffset), Is.EqualTo((7, 8L)));
        Assert.That((entry.RuleOf(16), entry.ValueOf(16)), Is.EqualTo((RegisterRule.Offset, -8L)));
        Assert.That(entry.RuleOf(6), Is.EqualTo(RegisterRule.SameValue));

        UnwindRow pushed = frame.RowAt(1);
        Assert.That((pushed.CfaRegister, pushed.CfaOffset), Is.EqualTo((7, 16L)));
        Assert.That((pushed.RuleOf(6), pushed.ValueOf(6)), Is.EqualTo((RegisterRule.Offset, -16L)));

        UnwindRow framed = frame.RowAt(4);
        Assert.That((framed.CfaRegister, framed.CfaOffset), Is.EqualTo((6, 16L)));
        Assert.That(framed.RuleOf(3), Is.EqualTo(RegisterRule.SameValue));

        UnwindRow body = frame.RowAt(0x80);
        Assert.That((body.RuleOf(3), body.ValueOf(3)), Is.EqualTo((RegisterRule.Offset, -24L)));
        Assert.That((body.CfaRegister, body.CfaOffset), Is.EqualTo((6, 16L)));
    }

    [Test]
    public void RememberAndRestoreStateBracketAnEpilogue()
    {
        // prologue at 1, epilogue at 0x20 (remember, back to rsp+8), body again at 0x21 (restore)
        byte[] fde = [0x41, 0x0e, 16, 0x86, 2, 0x5f, 0x0a, 0x0c, 7, 8, 0xc6, 0x41, 0x0b];
        using var frame = new SyntheticFrame(StandardCie, fde);

        UnwindRow epilogue = frame.RowAt(0x20);
        Assert.That((epilogue.CfaRegister, epilogue.CfaOffset), Is.EqualTo((7, 8L)));
        Assert.That(epilogue.RuleOf(6), Is.EqualTo(RegisterRule.SameValue), "DW_CFA_restore goes back to the CIE's rule");

        UnwindRow after = frame.RowAt(0x21);
        Assert.That((after.CfaRegister, after.CfaOffset), Is.EqualTo((7, 16L)));
        Assert.That((after.RuleOf(6), after.ValueOf(6)), Is.EqualTo((RegisterRule.Offset, -16L)));
    }

    [Test]
    public void AdvancesScaleByTheCodeAlignment()
    {
        // advance_loc1 3, advance_loc2 5, advance_loc4 7, each with a new CFA offset; alignment 2
        byte[] fde = [0x02, 3, 0x0e, 16, 0x03, 5, 0, 0x0e, 24, 0x04, 7, 0, 0, 0, 0x0e, 32];
        using var frame = new SyntheticFrame(StandardCie, fde, codeAlignment: 2);
        Assert.That(frame.RowAt(5).CfaOffset, Is.EqualTo(8));
        Assert.That(frame.RowAt(6).CfaOffset, Is.EqualTo(16));
        Assert.That(frame.RowAt(15).CfaOffset, Is.EqualTo(16));
        Assert.That(frame.RowAt(16).CfaOffset, Is.EqualTo(24));
        Assert.That(frame.RowAt(30).CfaOffset, Is.EqualTo(32));
    }

    [Test]
    public void DecodesTheExtendedRuleInstructions()
    {
        byte[] fde =
        [
            0x11, 12, 0x7d,         // offset_extended_sf r12, -3 * -8 = +24
            0x14, 13, 2,            // val_offset r13, 2 * -8 = -16
            0x09, 14, 3,            // register r14 in rbx
            0x07, 15,               // undefined r15
            0x05, 3, 4,             // offset_extended rbx, 4 * -8 = -32
            0x12, 6, 0x7e,          // def_cfa_sf rbp, -2 * -8 = 16
            0x2e, 0x10,             // GNU_args_size (ignored)
        ];
        using var frame = new SyntheticFrame(StandardCie, fde);
        UnwindRow row = frame.RowAt(0);
        Assert.That((row.RuleOf(12), row.ValueOf(12)), Is.EqualTo((RegisterRule.Offset, 24L)));
        Assert.That((row.RuleOf(13), row.ValueOf(13)), Is.EqualTo((RegisterRule.ValueOffset, -16L)));
        Assert.That((row.RuleOf(14), row.ValueOf(14)), Is.EqualTo((RegisterRule.InRegister, 3L)));
        Assert.That(row.RuleOf(15), Is.EqualTo(RegisterRule.Undefined));
        Assert.That((row.RuleOf(3), row.ValueOf(3)), Is.EqualTo((RegisterRule.Offset, -32L)));
        Assert.That((row.CfaRegister, row.CfaOffset), Is.EqualTo((6, 16L)));
    }

    [TestCase(new byte[] { 0x0f, 1, 0x70 }, TestName = "def_cfa_expression")]
    [TestCase(new byte[] { 0x10, 6, 1, 0x70 }, TestName = "expression")]
    [TestCase(new byte[] { 0x0b }, TestName = "restore_state without remember_state")]
    [TestCase(new byte[] { 0x3f }, TestName = "unknown opcode")]
    public void RejectsWhatItCannotFollow(byte[] fde)
    {
        using var frame = new SyntheticFrame(StandardCie, fde);
        Assert.That(CfaInterpreter.TryFindRow(frame.Parse(), SyntheticFrame.PcBegin, out _), Is.False);
    }
}
