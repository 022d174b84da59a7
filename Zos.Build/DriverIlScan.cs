using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Zos.Build;

// Walks one method body in IL order, tracking which evaluation-stack slots hold
// managed references, and reports what only unsafe code does: reading or writing
// through anything but a managed reference, turning a reference into a number,
// raw stack or block memory, indirect calls and function pointers. It also hands
// every metadata token the body uses to `useToken`, except the one pointer-taking
// constructor C# itself calls for literal data, which goes to `literalData`.
//
// One forward pass suffices: ECMA-335 III.1.7.5 requires the stack to be empty at
// an instruction after an unconditional branch unless a forward branch reached it,
// so every stack state is known before the instruction it belongs to.
public sealed class DriverIlScan(DriverTypeProvider types, Action<string> report, Action<EntityHandle> useToken, Action<EntityHandle> literalData)
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private readonly Dictionary<int, StackShape[]> _forwardStates = [];
    private List<StackShape> _stack = [];

    public void Scan(MethodBodyBlock body, IReadOnlyList<DriverType> arguments, IReadOnlyList<DriverType> locals, DriverType returnType)
    {
        foreach (var region in body.ExceptionRegions)
        {
            StackShape[] handlerStack = region.Kind is ExceptionRegionKind.Catch or ExceptionRegionKind.Filter ? [StackShape.Other] : [];
            Record(region.HandlerOffset, handlerStack);
            if (region.Kind == ExceptionRegionKind.Filter) Record(region.FilterOffset, [StackShape.Other]);
        }

        var il = body.GetILReader();
        bool fallsThrough = true;
        while (il.RemainingBytes > 0)
        {
            int offset = il.Offset;
            if (_forwardStates.Remove(offset, out var recorded)) _stack = fallsThrough ? Merge(_stack, recorded) : [.. recorded];
            else if (!fallsThrough) _stack = [];

            var opcode = ReadOpCode(ref il);
            fallsThrough = Step(opcode, ref il, offset, arguments, locals, returnType);
        }
    }

    private static OpCode ReadOpCode(ref BlobReader il)
    {
        int first = il.ReadByte();
        short value = first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : (short)first;
        return OpCodesByValue.TryGetValue(value, out var opcode) ? opcode
            : throw new BadImageFormatException($"unknown IL opcode 0x{(ushort)value:x}");
    }

    // Executes one instruction on the shape stack; false when control does not fall through.
    private bool Step(OpCode opcode, ref BlobReader il, int offset, IReadOnlyList<DriverType> arguments, IReadOnlyList<DriverType> locals, DriverType returnType)
    {
        string at = $"IL_{offset:x4}: {opcode.Name}";
        var code = (ILOpCode)(ushort)opcode.Value;
        switch (opcode.OperandType)
        {
            case OperandType.InlineNone:
                return Simple(code, opcode, at, arguments, locals, returnType);
            case OperandType.ShortInlineBrTarget:
            case OperandType.InlineBrTarget:
            {
                int delta = opcode.OperandType == OperandType.ShortInlineBrTarget ? il.ReadSByte() : il.ReadInt32();
                Pop(PopCount(opcode));
                if (code is ILOpCode.Leave or ILOpCode.Leave_s) _stack.Clear();
                Record(il.Offset + delta, [.. _stack]);
                return code is not (ILOpCode.Br or ILOpCode.Br_s or ILOpCode.Leave or ILOpCode.Leave_s);
            }
            case OperandType.InlineSwitch:
            {
                int count = il.ReadInt32();
                var deltas = new int[count];
                for (int i = 0; i < count; i++) deltas[i] = il.ReadInt32();
                Pop(1);
                foreach (int delta in deltas) Record(il.Offset + delta, [.. _stack]);
                return true;
            }
            case OperandType.ShortInlineVar:
            case OperandType.InlineVar:
            {
                int index = opcode.OperandType == OperandType.ShortInlineVar ? il.ReadByte() : il.ReadUInt16();
                Variable(code, index, arguments, locals);
                return true;
            }
            case OperandType.InlineMethod:
            case OperandType.InlineField:
            case OperandType.InlineType:
            case OperandType.InlineTok:
            {
                var handle = MetadataTokens.EntityHandle(il.ReadInt32());
                if (code == ILOpCode.Newobj && WrapsLiteralData(handle)) literalData(handle);
                else useToken(handle);
                Token(code, opcode, at, handle, il);
                return code != ILOpCode.Jmp;
            }
            case OperandType.InlineSig:
            {
                var handle = MetadataTokens.EntityHandle(il.ReadInt32());
                useToken(handle);
                report($"{at} (indirect call through a function pointer)");
                var signature = types.Reader.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(types, null);
                Pop(signature.ParameterTypes.Length + (signature.Header.IsInstance ? 2 : 1));
                if (signature.ReturnType.Name != "void") Push(signature.ReturnType.Shape);
                return true;
            }
            default:
                il.Offset += opcode.OperandType switch
                {
                    OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString => 4,
                    _ => 8, // InlineI8, InlineR
                };
                Pop(PopCount(opcode));
                Push(code == ILOpCode.Ldstr ? StackShape.Other : StackShape.Number, PushCount(opcode));
                return true;
        }
    }

    private bool Simple(ILOpCode code, OpCode opcode, string at, IReadOnlyList<DriverType> arguments, IReadOnlyList<DriverType> locals, DriverType returnType)
    {
        switch (code)
        {
            case ILOpCode.Localloc: report($"{at} (stackalloc)"); break;
            case ILOpCode.Cpblk or ILOpCode.Initblk: report($"{at} (raw memory block)"); break;
            case ILOpCode.Arglist: report($"{at} (varargs)"); break;
            case >= ILOpCode.Ldind_i1 and <= ILOpCode.Ldind_ref:
                RequireReference(0, at); break;
            case >= ILOpCode.Stind_ref and <= ILOpCode.Stind_r8 or ILOpCode.Stind_i:
                RequireReference(1, at); break;
            case >= ILOpCode.Conv_i1 and <= ILOpCode.Conv_u8 or >= ILOpCode.Conv_ovf_i1_un and <= ILOpCode.Conv_ovf_u_un
                or >= ILOpCode.Conv_ovf_i1 and <= ILOpCode.Conv_ovf_u8 or ILOpCode.Conv_u2 or ILOpCode.Conv_u1 or ILOpCode.Conv_i
                or ILOpCode.Conv_ovf_i or ILOpCode.Conv_ovf_u or ILOpCode.Conv_u or ILOpCode.Conv_r_un:
                if (IsReference(Peek(0))) report($"{at} (turns a managed reference into a pointer)");
                break;
            case ILOpCode.Add or ILOpCode.Sub or ILOpCode.Add_ovf or ILOpCode.Add_ovf_un or ILOpCode.Sub_ovf or ILOpCode.Sub_ovf_un:
                if (IsReference(Peek(0)) || IsReference(Peek(1)))
                    report($"{at} (arithmetic on a managed reference)");
                break;
            case ILOpCode.Ldarg_0 or ILOpCode.Ldarg_1 or ILOpCode.Ldarg_2 or ILOpCode.Ldarg_3:
                Variable(ILOpCode.Ldarg, code - ILOpCode.Ldarg_0, arguments, locals); return true;
            case ILOpCode.Ldloc_0 or ILOpCode.Ldloc_1 or ILOpCode.Ldloc_2 or ILOpCode.Ldloc_3:
                Variable(ILOpCode.Ldloc, code - ILOpCode.Ldloc_0, arguments, locals); return true;
            case ILOpCode.Dup:
                Push(Peek(0)); return true;
            case ILOpCode.Ret:
                Pop(returnType.Name == "void" ? 0 : 1); return false;
        }
        Pop(PopCount(opcode));
        Push(code == ILOpCode.Ldnull || code == ILOpCode.Ldelem_ref || code == ILOpCode.Ldind_ref ? StackShape.Other : StackShape.Number, PushCount(opcode));
        return code is not (ILOpCode.Throw or ILOpCode.Rethrow or ILOpCode.Endfinally or ILOpCode.Endfilter);
    }

    private void Variable(ILOpCode code, int index, IReadOnlyList<DriverType> arguments, IReadOnlyList<DriverType> locals)
    {
        switch (code)
        {
            case ILOpCode.Ldarg or ILOpCode.Ldarg_s: Push(Shape(arguments, index)); break;
            case ILOpCode.Ldloc or ILOpCode.Ldloc_s: Push(Shape(locals, index)); break;
            case ILOpCode.Ldarga or ILOpCode.Ldarga_s or ILOpCode.Ldloca or ILOpCode.Ldloca_s: Push(StackShape.ManagedReference); break;
            default: Pop(1); break; // starg, stloc
        }
    }

    private static StackShape Shape(IReadOnlyList<DriverType> variables, int index) =>
        index < variables.Count ? variables[index].Shape : StackShape.Other;

    private void Token(ILOpCode code, OpCode opcode, string at, EntityHandle handle, BlobReader following)
    {
        switch (code)
        {
            case ILOpCode.Call or ILOpCode.Callvirt or ILOpCode.Newobj:
            {
                var signature = MethodSignatureOf(handle);
                Pop(signature.ParameterTypes.Length + (signature.Header.IsInstance && code != ILOpCode.Newobj ? 1 : 0));
                if (code == ILOpCode.Newobj) Push(StackShape.Other);
                else if (signature.ReturnType.Name != "void") Push(signature.ReturnType.Shape);
                return;
            }
            case ILOpCode.Jmp:
                report($"{at} (jumps into another method)");
                return;
            case ILOpCode.Ldftn or ILOpCode.Ldvirtftn:
                if (!CreatesDelegate(following)) report($"{at} (function pointer)");
                break;
            case ILOpCode.Ldobj or ILOpCode.Initobj or ILOpCode.Mkrefany:
                RequireReference(0, at);
                break;
            case ILOpCode.Stobj:
                RequireReference(1, at);
                break;
            case ILOpCode.Cpobj:
                RequireReference(0, at);
                RequireReference(1, at);
                break;
            case ILOpCode.Ldfld or ILOpCode.Ldflda:
                if (Peek(0) == StackShape.Number) report($"{at} (field access through a pointer)");
                break;
            case ILOpCode.Stfld:
                if (Peek(1) == StackShape.Number) report($"{at} (field access through a pointer)");
                break;
        }
        Pop(PopCount(opcode));
        var pushed = code switch
        {
            ILOpCode.Ldsflda when IsConstantData(handle) => StackShape.StaticData,
            ILOpCode.Ldflda or ILOpCode.Ldsflda or ILOpCode.Ldelema or ILOpCode.Unbox or ILOpCode.Refanyval => StackShape.ManagedReference,
            ILOpCode.Ldfld or ILOpCode.Ldsfld => FieldType(handle).Shape,
            _ => StackShape.Other,
        };
        Push(pushed, PushCount(opcode));
    }

    // `ReadOnlySpan<byte> s = [1, 2, 3]` and "..."u8 compile to `ldsflda <data field>; ldc.i4 n;
    // newobj ReadOnlySpan<T>::.ctor(void*, int)`: a pointer parameter, but given the
    // address of the assembly's own read-only data and its exact length by the compiler.
    private bool WrapsLiteralData(EntityHandle constructor)
    {
        if (constructor.Kind != HandleKind.MemberReference || Peek(1) != StackShape.StaticData) return false;
        var member = types.Reader.GetMemberReference((MemberReferenceHandle)constructor);
        if (member.Parent.Kind != HandleKind.TypeSpecification || types.Reader.GetString(member.Name) != ".ctor") return false;
        var owner = types.GetTypeFromSpecification(types.Reader, null, (TypeSpecificationHandle)member.Parent, 0);
        return owner.Name.StartsWith("System.ReadOnlySpan`1<", StringComparison.Ordinal)
            && member.DecodeMethodSignature(types, null).ParameterTypes is [{ Name: "void*" }, { Name: "int" }];
    }

    // C# creates a delegate as `ldftn M; newobj D::.ctor(object, native int)`; an ldftn
    // followed by anything else takes a function pointer.
    private bool CreatesDelegate(BlobReader following)
    {
        if (following.RemainingBytes < 5 || following.ReadByte() != (byte)ILOpCode.Newobj) return false;
        var constructor = MethodSignatureOf(MetadataTokens.EntityHandle(following.ReadInt32()));
        return constructor.ParameterTypes is [{ Name: "object" }, { Name: "nint" }];
    }

    private bool IsConstantData(EntityHandle field) =>
        field.Kind == HandleKind.FieldDefinition
        && (types.Reader.GetFieldDefinition((FieldDefinitionHandle)field).Attributes & FieldAttributes.HasFieldRVA) != 0;

    private MethodSignature<DriverType> MethodSignatureOf(EntityHandle handle)
    {
        var reader = types.Reader;
        return handle.Kind switch
        {
            HandleKind.MethodDefinition => reader.GetMethodDefinition((MethodDefinitionHandle)handle).DecodeSignature(types, null),
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)handle).DecodeMethodSignature(types, null),
            HandleKind.MethodSpecification => MethodSignatureOf(reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
            _ => throw new BadImageFormatException($"{handle.Kind} is not a method"),
        };
    }

    private DriverType FieldType(EntityHandle handle)
    {
        var reader = types.Reader;
        return handle.Kind switch
        {
            HandleKind.FieldDefinition => reader.GetFieldDefinition((FieldDefinitionHandle)handle).DecodeSignature(types, null),
            HandleKind.MemberReference => reader.GetMemberReference((MemberReferenceHandle)handle).DecodeFieldSignature(types, null),
            _ => throw new BadImageFormatException($"{handle.Kind} is not a field"),
        };
    }

    private void RequireReference(int depth, string at)
    {
        if (!IsReference(Peek(depth))) report($"{at} (memory access through a pointer)");
    }

    private static bool IsReference(StackShape shape) => shape is StackShape.ManagedReference or StackShape.StaticData;

    private StackShape Peek(int depth) => depth < _stack.Count ? _stack[^(depth + 1)] : StackShape.Other;

    private void Pop(int count) => _stack.RemoveRange(Math.Max(0, _stack.Count - count), Math.Min(count, _stack.Count));

    private void Push(StackShape shape, int count = 1)
    {
        for (int i = 0; i < count; i++) _stack.Add(shape);
    }

    private void Record(int target, StackShape[] stack) =>
        _forwardStates[target] = _forwardStates.TryGetValue(target, out var known) ? [.. Merge([.. known], stack)] : stack;

    // Two paths meet: a slot stays a managed reference only if it is one on both.
    private static List<StackShape> Merge(IReadOnlyList<StackShape> a, IReadOnlyList<StackShape> b) =>
        a.Count != b.Count ? [.. b] : a.Zip(b, (x, y) => x == y ? x : StackShape.Other).ToList();

    private static int PopCount(OpCode opcode) => opcode.StackBehaviourPop switch
    {
        StackBehaviour.Pop0 or StackBehaviour.Varpop => 0,
        var behaviour => behaviour.ToString().Split('_').Length,
    };

    private static int PushCount(OpCode opcode) => opcode.StackBehaviourPush switch
    {
        StackBehaviour.Push0 or StackBehaviour.Varpush => 0,
        StackBehaviour.Push1_push1 => 2,
        _ => 1,
    };
}
