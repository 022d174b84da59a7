using NUnit.Framework;
using Zos.Runtime.Unwinding;

namespace Zos.Tests.Host.Unwinding;

public unsafe class FrameUnwinderTests
{
    [Test]
    public void RestoresTheCallersRegistersFromTheFrame()
    {
        // A frame after "push rbp; push rbx; sub rsp, 8": [rsp+8] rbx, [rsp+16] rbp, [rsp+24] return address.
        ulong[] stack = [0xdead, 0xb0b0, 0xcafe, 0x40_1234, 0x7777];
        fixed (ulong* sp = stack)
        {
            var row = new UnwindRow { CfaRegister = DwarfRegister.Rsp, CfaOffset = 32 };
            row.Set(DwarfRegister.ReturnAddress, RegisterRule.Offset, -8);
            row.Set(DwarfRegister.Rbp, RegisterRule.Offset, -16);
            row.Set(DwarfRegister.Rbx, RegisterRule.Offset, -24);
            row.Set(DwarfRegister.R12, RegisterRule.InRegister, DwarfRegister.R13);
            var context = new RegisterContext { Rip = 0x40_1000, Rsp = (ulong)sp, Rbp = 1, Rbx = 2, R12 = 3, R13 = 4, R14 = 5, R15 = 6 };

            Assert.That(FrameUnwinder.TryUnwind(ref context, row, DwarfRegister.ReturnAddress), Is.True);

            Assert.That(context.Rip, Is.EqualTo(0x40_1234UL));
            Assert.That(context.Rsp, Is.EqualTo((ulong)(sp + 4)));
            Assert.That(context.Rbp, Is.EqualTo(0xcafeUL));
            Assert.That(context.Rbx, Is.EqualTo(0xb0b0UL));
            Assert.That(context.R12, Is.EqualTo(4UL));
            Assert.That((context.R13, context.R14, context.R15), Is.EqualTo((4UL, 5UL, 6UL)));
        }
    }

    [Test]
    public void ComputesTheCfaFromTheFramePointer()
    {
        ulong[] stack = [0x1111, 0x40_2222];
        fixed (ulong* fp = stack)
        {
            var row = new UnwindRow { CfaRegister = DwarfRegister.Rbp, CfaOffset = 16 };
            row.Set(DwarfRegister.ReturnAddress, RegisterRule.Offset, -8);
            row.Set(DwarfRegister.Rbp, RegisterRule.Offset, -16);
            var context = new RegisterContext { Rsp = 0x1, Rbp = (ulong)fp };
            Assert.That(FrameUnwinder.TryUnwind(ref context, row, DwarfRegister.ReturnAddress), Is.True);
            Assert.That((context.Rip, context.Rbp, context.Rsp), Is.EqualTo((0x40_2222UL, 0x1111UL, (ulong)(fp + 2))));
        }
    }

    [Test]
    public void FailsWhenTheReturnAddressIsUndefinedOrTheCfaUsesAVolatileRegister()
    {
        var context = new RegisterContext { Rsp = 0x1000 };
        var undefined = new UnwindRow { CfaRegister = DwarfRegister.Rsp, CfaOffset = 8 };
        undefined.Set(DwarfRegister.ReturnAddress, RegisterRule.Undefined, 0);
        Assert.That(FrameUnwinder.TryUnwind(ref context, undefined, DwarfRegister.ReturnAddress), Is.False);

        var volatileBase = new UnwindRow { CfaRegister = DwarfRegister.Rax, CfaOffset = 8 };
        Assert.That(FrameUnwinder.TryUnwind(ref context, volatileBase, DwarfRegister.ReturnAddress), Is.False);
    }
}
