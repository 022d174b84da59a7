using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Zos.Build;

// How a value on the IL evaluation stack can be used as an address: only a managed
// reference (ref, in, out, ldloca, ldflda, ...) is a verifiable one. StaticData is the
// address of the assembly's own constant data, where C# keeps array and u8 literals.
public enum StackShape { Other, ManagedReference, StaticData, Number }

// A type in a signature, as the driver check sees it: a C#-like name, the first
// driver rule something inside it breaks (null if none), and its stack shape.
public sealed record DriverType(string Name, string? Problem, StackShape Shape);

// Decodes signatures into DriverTypes: pointers, function pointers, pinned locals and
// references to forbidden types anywhere inside a type make it a problem.
public sealed class DriverTypeProvider(MetadataReader reader, IReadOnlyCollection<string> driverSide) : ISignatureTypeProvider<DriverType, object?>
{
    private readonly Dictionary<TypeReferenceHandle, DriverType> _references = [];

    public MetadataReader Reader => reader;

    public DriverType GetPrimitiveType(PrimitiveTypeCode typeCode)
    {
        string name = typeCode switch
        {
            PrimitiveTypeCode.Void => "void", PrimitiveTypeCode.Boolean => "bool", PrimitiveTypeCode.Char => "char",
            PrimitiveTypeCode.SByte => "sbyte", PrimitiveTypeCode.Byte => "byte", PrimitiveTypeCode.Int16 => "short",
            PrimitiveTypeCode.UInt16 => "ushort", PrimitiveTypeCode.Int32 => "int", PrimitiveTypeCode.UInt32 => "uint",
            PrimitiveTypeCode.Int64 => "long", PrimitiveTypeCode.UInt64 => "ulong", PrimitiveTypeCode.Single => "float",
            PrimitiveTypeCode.Double => "double", PrimitiveTypeCode.IntPtr => "nint", PrimitiveTypeCode.UIntPtr => "nuint",
            PrimitiveTypeCode.String => "string", PrimitiveTypeCode.Object => "object", _ => "typedref",
        };
        bool number = typeCode is not (PrimitiveTypeCode.Void or PrimitiveTypeCode.String or PrimitiveTypeCode.Object or PrimitiveTypeCode.TypedReference);
        return new DriverType(name, null, number ? StackShape.Number : StackShape.Other);
    }

    public DriverType GetTypeFromDefinition(MetadataReader _, TypeDefinitionHandle handle, byte rawTypeKind) =>
        new(MetadataNames.Of(reader, handle), null, StackShape.Other);

    public DriverType GetTypeFromReference(MetadataReader _, TypeReferenceHandle handle, byte rawTypeKind)
    {
        if (_references.TryGetValue(handle, out var known)) return known;
        string name = MetadataNames.Of(reader, handle);
        string? reason = ReasonAgainst(handle);
        return _references[handle] = new DriverType(name, reason is null ? null : $"{name} ({reason})", StackShape.Other);
    }

    public DriverType GetTypeFromSpecification(MetadataReader _, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public DriverType GetSZArrayType(DriverType element) => element with { Name = element.Name + "[]", Shape = StackShape.Other };

    public DriverType GetArrayType(DriverType element, ArrayShape shape) =>
        element with { Name = $"{element.Name}[{new string(',', shape.Rank - 1)}]", Shape = StackShape.Other };

    public DriverType GetByReferenceType(DriverType element) => element with { Name = "ref " + element.Name, Shape = StackShape.ManagedReference };

    public DriverType GetPointerType(DriverType element)
    {
        string name = element.Name + "*";
        return new DriverType(name, element.Problem ?? $"pointer type {name}", StackShape.Number);
    }

    public DriverType GetFunctionPointerType(MethodSignature<DriverType> signature)
    {
        string name = $"delegate*<{string.Join(", ", signature.ParameterTypes.Add(signature.ReturnType).Select(t => t.Name))}>";
        return new DriverType(name, $"function pointer type {name}", StackShape.Number);
    }

    public DriverType GetPinnedType(DriverType element) =>
        element with { Problem = element.Problem ?? $"pinned local {element.Name} (fixed statement)" };

    public DriverType GetGenericInstantiation(DriverType generic, ImmutableArray<DriverType> arguments) =>
        new($"{generic.Name}<{string.Join(", ", arguments.Select(a => a.Name))}>",
            generic.Problem ?? arguments.Select(a => a.Problem).FirstOrDefault(p => p is not null), StackShape.Other);

    public DriverType GetGenericTypeParameter(object? genericContext, int index) => new("!" + index, null, StackShape.Other);

    public DriverType GetGenericMethodParameter(object? genericContext, int index) => new("!!" + index, null, StackShape.Other);

    // Modifiers carry no rule of their own (Roslyn marks `in` with modreq(InAttribute)),
    // but a forbidden modifier type still counts.
    public DriverType GetModifiedType(DriverType modifier, DriverType unmodified, bool isRequired) =>
        unmodified with { Problem = unmodified.Problem ?? modifier.Problem };

    // Why a driver may not name the referenced type, or null if it may.
    public string? ReasonAgainst(TypeReferenceHandle handle)
    {
        string name = MetadataNames.Of(reader, handle);
        string ns = MetadataNames.OutermostNamespace(reader, handle);
        string? assembly = MetadataNames.AssemblyOf(reader, handle);
        if (assembly is not null && driverSide.Contains(assembly)) return null;
        if (assembly is not null && DriverRules.KernelOnlyAssemblies.Contains(assembly)) return $"assembly {assembly} is kernel only";
        bool fromZos = assembly?.StartsWith("Zos.", StringComparison.Ordinal) == true;
        if ((fromZos || DriverRules.IsZosNamespace(ns)) && !DriverRules.IsAllowedZosNamespace(ns)) return $"namespace {ns} is not open to drivers";
        foreach (var (type, reason) in DriverRules.ForbiddenTypes.Concat(DriverRules.ForbiddenAttributes))
            if (name == type || name.StartsWith(type + "+", StringComparison.Ordinal)) return reason;
        foreach (var (forbidden, reason) in DriverRules.ForbiddenNamespaces)
            if (DriverRules.IsWithin(ns, forbidden)) return reason;
        return null;
    }
}
