using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Zos.Build;

// Kernel libraries are compiled against the reference pack and reach the corlib
// through facades, so wherever the corlib has a public type it must have the BCL's
// shape: a type that lacks an interface or derives from the wrong class compiles
// and then fails at run time, and a member the BCL lacks is a Zos-only API that
// kernel code cannot name. The corlib may have fewer members than the BCL.
public static class ApiShapeCheck
{
    // One violation per line; empty when the corlib's public surface is a subset of the BCL's.
    public static IReadOnlyList<string> Check(string corlibPath, IReadOnlyList<string> referenceAssemblyPaths)
    {
        var images = new List<PEReader>();
        try
        {
            var corlib = Open(corlibPath, images) ?? throw new BadImageFormatException($"{corlibPath} has no metadata");
            var bcl = new Dictionary<string, TypeEntry>(StringComparer.Ordinal);
            foreach (var path in referenceAssemblyPaths)
            {
                if (Open(path, images) is not { } reader) continue;
                foreach (var handle in reader.TypeDefinitions)
                    if (IsVisible(reader, handle)) bcl.TryAdd(FullName(reader, handle), new TypeEntry(reader, handle));
            }
            return new Comparison(corlib, bcl).Run();
        }
        finally
        {
            foreach (var image in images) image.Dispose();
        }
    }

    private readonly record struct TypeEntry(MetadataReader Reader, TypeDefinitionHandle Handle)
    {
        public TypeDefinition Definition => Reader.GetTypeDefinition(Handle);
    }

    // A public or protected member rendered as a comparable key. Accessors lists the
    // methods of a property or event, so that they are not reported a second time.
    private readonly record struct Member(string Key, MethodDefinitionHandle Method, ImmutableArray<MethodDefinitionHandle> Accessors);

    private sealed class Comparison(MetadataReader corlib, Dictionary<string, TypeEntry> bcl)
    {
        private readonly List<string> _problems = [];
        private readonly Dictionary<string, TypeDefinitionHandle> _corlibTypes =
            corlib.TypeDefinitions.ToDictionary(h => FullName(corlib, h), StringComparer.Ordinal);
        private readonly HashSet<string> _corlibPublicTypes =
            corlib.TypeDefinitions.Where(h => IsVisible(corlib, h)).Select(h => FullName(corlib, h)).ToHashSet(StringComparer.Ordinal);

        public List<string> Run()
        {
            foreach (var handle in corlib.TypeDefinitions)
            {
                if (!IsVisible(corlib, handle)) continue;
                string name = FullName(corlib, handle);
                string ns = OutermostNamespace(corlib, handle);
                if (IsZosPrivate(ns))
                    _problems.Add($"{name}: public, but namespace {ns} is Zos-private; make it internal");
                else if (!bcl.TryGetValue(name, out var reference))
                    _problems.Add($"{name}: public type unknown to the BCL");
                else
                    CheckType(name, handle, reference);
            }
            return _problems;
        }

        private void CheckType(string name, TypeDefinitionHandle handle, TypeEntry reference)
        {
            var type = corlib.GetTypeDefinition(handle);
            var referenceType = reference.Definition;
            string? baseType = RenderBase(corlib, type);
            string? referenceBase = RenderBase(reference.Reader, referenceType);
            string kind = Kind(type, name, baseType);
            string referenceKind = Kind(referenceType, name, referenceBase);
            if (kind != referenceKind)
            {
                _problems.Add($"{name}: is {Article(kind)} in the corlib but {Article(referenceKind)} in the BCL");
                return;
            }
            if (kind == "class" && baseType != referenceBase)
                _problems.Add($"{name}: derives from {baseType ?? "nothing"}, the BCL's from {referenceBase ?? "nothing"}");
            int arity = type.GetGenericParameters().Count, referenceArity = referenceType.GetGenericParameters().Count;
            if (arity != referenceArity)
                _problems.Add($"{name}: has {arity} generic parameter(s), the BCL's has {referenceArity}");
            CheckInterfaces(name, handle, reference);
            CheckMembers(name, type, reference);
        }

        // Interfaces the corlib does not define cannot be named by kernel code built
        // against the facades, so only those it does define have to be implemented.
        private void CheckInterfaces(string name, TypeDefinitionHandle handle, TypeEntry reference)
        {
            var implemented = new HashSet<string>(StringComparer.Ordinal);
            CollectInterfaces(handle, typeArguments: null, implemented);
            foreach (var implementation in reference.Definition.GetInterfaceImplementations())
            {
                var @interface = reference.Reader.GetInterfaceImplementation(implementation).Interface;
                if (!_corlibPublicTypes.Contains(DefinitionName(reference.Reader, @interface))) continue;
                string rendered = Render(reference.Reader, @interface, null);
                if (!implemented.Contains(rendered))
                    _problems.Add($"{name}: does not implement {rendered}, which the BCL's {name} implements");
            }
        }

        // The corlib type's interfaces, its own and its base types', with the base
        // types' generic parameters replaced by the arguments the derived type gives.
        private void CollectInterfaces(TypeDefinitionHandle handle, string[]? typeArguments, HashSet<string> implemented)
        {
            var type = corlib.GetTypeDefinition(handle);
            foreach (var implementation in type.GetInterfaceImplementations())
                implemented.Add(Render(corlib, corlib.GetInterfaceImplementation(implementation).Interface, typeArguments));
            if (type.BaseType.IsNil) return;
            var (definition, baseArguments) = Split(corlib, type.BaseType, typeArguments);
            var baseHandle = definition.Kind == HandleKind.TypeDefinition
                ? (TypeDefinitionHandle)definition
                : _corlibTypes.GetValueOrDefault(DefinitionName(corlib, definition));
            if (!baseHandle.IsNil) CollectInterfaces(baseHandle, baseArguments.Length == 0 ? null : baseArguments, implemented);
        }

        private void CheckMembers(string name, TypeDefinition type, TypeEntry reference)
        {
            var referenceKeys = VisibleMembers(reference.Reader, reference.Definition, name).Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
            var reportedAccessors = new HashSet<MethodDefinitionHandle>();
            foreach (var member in VisibleMembers(corlib, type, name))
            {
                if (referenceKeys.Contains(member.Key) || reportedAccessors.Contains(member.Method)) continue;
                _problems.Add($"{member.Key}: not in the BCL's {name}");
                reportedAccessors.UnionWith(member.Accessors);
            }
        }
    }

    // Properties and events come before methods so that their accessors can be skipped.
    private static IEnumerable<Member> VisibleMembers(MetadataReader reader, TypeDefinition type, string owner)
    {
        foreach (var handle in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(handle);
            var accessors = property.GetAccessors();
            var methods = accessors.Others.Add(accessors.Getter).Add(accessors.Setter).RemoveAll(m => m.IsNil);
            if (!methods.Any(m => IsVisible(reader.GetMethodDefinition(m).Attributes))) continue;
            var signature = property.DecodeSignature(SignatureRenderer.Instance, null);
            string indices = signature.ParameterTypes.IsEmpty ? "" : $"[{string.Join(", ", signature.ParameterTypes)}]";
            yield return new Member($"{Static(signature.Header)}{signature.ReturnType} {owner}.{reader.GetString(property.Name)}{indices}", default, methods);
        }
        foreach (var handle in type.GetEvents())
        {
            var @event = reader.GetEventDefinition(handle);
            var accessors = @event.GetAccessors();
            var methods = accessors.Others.Add(accessors.Adder).Add(accessors.Remover).Add(accessors.Raiser).RemoveAll(m => m.IsNil);
            if (!methods.Any(m => IsVisible(reader.GetMethodDefinition(m).Attributes))) continue;
            yield return new Member($"event {Render(reader, @event.Type, null)} {owner}.{reader.GetString(@event.Name)}", default, methods);
        }
        foreach (var handle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(handle);
            var access = field.Attributes & FieldAttributes.FieldAccessMask;
            if (access is not (FieldAttributes.Public or FieldAttributes.Family or FieldAttributes.FamORAssem)) continue;
            string modifier = (field.Attributes & FieldAttributes.Literal) != 0 ? "const "
                : (field.Attributes & FieldAttributes.Static) != 0 ? "static " : "";
            yield return new Member($"{modifier}{field.DecodeSignature(SignatureRenderer.Instance, null)} {owner}.{reader.GetString(field.Name)}", default, []);
        }
        foreach (var handle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(handle);
            if (!IsVisible(method.Attributes)) continue;
            var signature = method.DecodeSignature(SignatureRenderer.Instance, null);
            string name = reader.GetString(method.Name);
            string returnType = name == ".ctor" ? "" : signature.ReturnType + " ";
            string arity = signature.GenericParameterCount == 0 ? "" : "``" + signature.GenericParameterCount;
            yield return new Member($"{Static(signature.Header)}{returnType}{owner}.{name}{arity}({string.Join(", ", signature.ParameterTypes)})", handle, []);
        }
    }

    private static string Static(SignatureHeader header) => header.IsInstance ? "" : "static ";

    private static bool IsVisible(MethodAttributes attributes) =>
        (attributes & MethodAttributes.MemberAccessMask) is MethodAttributes.Public or MethodAttributes.Family or MethodAttributes.FamORAssem;

    // Visible outside its assembly: public, or public or protected inside a visible type.
    private static bool IsVisible(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return (type.Attributes & TypeAttributes.VisibilityMask) switch
        {
            TypeAttributes.Public => true,
            TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem => IsVisible(reader, type.GetDeclaringType()),
            _ => false,
        };
    }

    private static bool IsZosPrivate(string ns) =>
        ns is "Internal" or "Zos" || ns.StartsWith("Internal.", StringComparison.Ordinal) || ns.StartsWith("Zos.", StringComparison.Ordinal);

    private static string Kind(TypeDefinition type, string name, string? baseType)
    {
        if ((type.Attributes & TypeAttributes.Interface) != 0) return "interface";
        return baseType switch
        {
            "System.Enum" => "enum",
            "System.ValueType" when name != "System.Enum" => "struct",
            "System.MulticastDelegate" => "delegate",
            _ => "class",
        };
    }

    private static string Article(string kind) => (kind[0] is 'a' or 'e' or 'i' ? "an " : "a ") + kind;

    private static string? RenderBase(MetadataReader reader, TypeDefinition type) =>
        type.BaseType.IsNil ? null : Render(reader, type.BaseType, null);

    private static MetadataReader? Open(string path, List<PEReader> images)
    {
        var image = new PEReader(ImmutableCollectionsMarshal.AsImmutableArray(File.ReadAllBytes(path)));
        images.Add(image);
        return image.HasMetadata ? image.GetMetadataReader() : null;
    }

    private static string FullName(MetadataReader reader, TypeDefinitionHandle handle) => MetadataNames.Of(reader, handle);

    private static string FullName(MetadataReader reader, TypeReferenceHandle handle) => MetadataNames.Of(reader, handle);

    private static string OutermostNamespace(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        return type.IsNested ? OutermostNamespace(reader, type.GetDeclaringType()) : reader.GetString(type.Namespace);
    }

    // The full name of the type a handle names, without any generic instantiation.
    private static string DefinitionName(MetadataReader reader, EntityHandle handle)
    {
        var definition = Split(reader, handle, null).Definition;
        return definition.Kind switch
        {
            HandleKind.TypeDefinition => FullName(reader, (TypeDefinitionHandle)definition),
            HandleKind.TypeReference => FullName(reader, (TypeReferenceHandle)definition),
            _ => Render(reader, definition, null),
        };
    }

    // A generic instantiation's definition and rendered type arguments; any other handle as is.
    private static (EntityHandle Definition, string[] Arguments) Split(MetadataReader reader, EntityHandle handle, string[]? typeArguments)
    {
        if (handle.Kind != HandleKind.TypeSpecification) return (handle, []);
        var blob = reader.GetBlobReader(reader.GetTypeSpecification((TypeSpecificationHandle)handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return (handle, []);
        blob.ReadSignatureTypeCode(); // class or valuetype
        var definition = blob.ReadTypeHandle();
        var decoder = new SignatureDecoder<string, object?>(SignatureRenderer.Instance, reader, typeArguments);
        var arguments = new string[blob.ReadCompressedInteger()];
        for (int i = 0; i < arguments.Length; i++) arguments[i] = decoder.DecodeType(ref blob);
        return (definition, arguments);
    }

    private static string Render(MetadataReader reader, EntityHandle handle, string[]? typeArguments) => handle.Kind switch
    {
        HandleKind.TypeDefinition => SignatureRenderer.Instance.GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0),
        HandleKind.TypeReference => SignatureRenderer.Instance.GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0),
        HandleKind.TypeSpecification => SignatureRenderer.Instance.GetTypeFromSpecification(reader, typeArguments, (TypeSpecificationHandle)handle, 0),
        _ => throw new BadImageFormatException($"{handle.Kind} is not a type"),
    };

    // Renders signature types as C#-like text that is the same for both sides: types
    // are named by namespace and name whichever assembly defines them, primitives by
    // their keywords, generic parameters as !0 (type) and !!0 (method) unless the
    // context (a string[]) supplies the type's arguments.
    private sealed class SignatureRenderer : ISignatureTypeProvider<string, object?>
    {
        public static readonly SignatureRenderer Instance = new();

        private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
        {
            ["System.Void"] = "void", ["System.Boolean"] = "bool", ["System.Char"] = "char",
            ["System.SByte"] = "sbyte", ["System.Byte"] = "byte", ["System.Int16"] = "short", ["System.UInt16"] = "ushort",
            ["System.Int32"] = "int", ["System.UInt32"] = "uint", ["System.Int64"] = "long", ["System.UInt64"] = "ulong",
            ["System.Single"] = "float", ["System.Double"] = "double", ["System.IntPtr"] = "nint", ["System.UIntPtr"] = "nuint",
            ["System.String"] = "string", ["System.Object"] = "object", ["System.TypedReference"] = "typedref",
        };

        // Roslyn marks `in` and `ref readonly` with modreq(InAttribute) only in some
        // positions (virtual methods, function pointers); either way the parameter is the same.
        private const string InAttribute = "System.Runtime.InteropServices.InAttribute";

        private static string Keyword(string fullName) => Keywords.GetValueOrDefault(fullName, fullName);

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => Keyword("System." + typeCode);

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Keyword(FullName(reader, handle));

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Keyword(FullName(reader, handle));

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape) => $"{elementType}[{new string(',', shape.Rank - 1)}]";

        public string GetByReferenceType(string elementType) => "ref " + elementType;

        public string GetPointerType(string elementType) => elementType + "*";

        public string GetPinnedType(string elementType) => elementType;

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            $"{genericType}<{string.Join(", ", typeArguments)}>";

        public string GetGenericTypeParameter(object? genericContext, int index) =>
            genericContext is string[] arguments ? arguments[index] : "!" + index;

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetFunctionPointerType(MethodSignature<string> signature)
        {
            string convention = signature.Header.CallingConvention == SignatureCallingConvention.Default
                ? "" : " " + signature.Header.CallingConvention.ToString().ToLowerInvariant();
            return $"delegate*{convention}<{string.Join(", ", signature.ParameterTypes.Add(signature.ReturnType))}>";
        }

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) =>
            modifier == InAttribute ? unmodifiedType : $"{unmodifiedType} {(isRequired ? "modreq" : "modopt")}({modifier})";
    }
}
