using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Zos.Build;

// Checks a compiled driver assembly against DriverRules before it goes into the
// kernel: no unsafe code or pointers, no native interop, no runtime internals and
// only the driver API of Zos.Hal. Every type, field, method signature, local,
// attribute and IL instruction is looked at, then every type and member reference
// in the metadata, so that nothing a driver names escapes the rules.
public static class DriverAssemblyCheck
{
    // One "member: what it uses" line per problem; empty when the assembly keeps the rules.
    // driverSide: the other driver-side assemblies (drivers and the libraries they share), whose types a driver may use.
    public static IReadOnlyList<string> Check(string assemblyPath, IReadOnlyCollection<string>? driverSide = null)
    {
        using var image = new PEReader(File.OpenRead(assemblyPath));
        if (!image.HasMetadata) throw new BadImageFormatException($"{assemblyPath} has no metadata");
        return new Inspection(image, image.GetMetadataReader(), driverSide ?? []).Run();
    }

    private sealed class Inspection(PEReader image, MetadataReader reader, IReadOnlyCollection<string> driverSide)
    {
        private readonly DriverTypeProvider _types = new(reader, driverSide);
        private readonly List<string> _problems = [];
        private readonly HashSet<EntityHandle> _reported = [];
        private readonly Dictionary<EntityHandle, string> _names = [];

        public List<string> Run()
        {
            foreach (var handle in reader.TypeDefinitions) NameMembers(handle);
            foreach (var handle in reader.TypeDefinitions) CheckType(handle);
            foreach (var handle in reader.CustomAttributes) CheckAttribute(handle);
            SweepReferences();
            return _problems.Distinct().ToList();
        }

        private void NameMembers(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            string typeName = MetadataNames.Of(reader, handle);
            _names[handle] = typeName;
            foreach (var fieldHandle in type.GetFields())
                _names[fieldHandle] = $"{typeName}.{reader.GetString(reader.GetFieldDefinition(fieldHandle).Name)}";
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                var signature = method.DecodeSignature(_types, null);
                string name = $"{typeName}.{reader.GetString(method.Name)}({string.Join(", ", signature.ParameterTypes.Select(p => p.Name))})";
                _names[methodHandle] = name;
                foreach (var parameter in method.GetParameters()) _names[parameter] = name;
                foreach (var generic in method.GetGenericParameters()) _names[generic] = name;
            }
            foreach (var property in type.GetProperties())
                _names[property] = $"{typeName}.{reader.GetString(reader.GetPropertyDefinition(property).Name)}";
            foreach (var @event in type.GetEvents())
                _names[@event] = $"{typeName}.{reader.GetString(reader.GetEventDefinition(@event).Name)}";
            foreach (var generic in type.GetGenericParameters()) _names[generic] = typeName;
        }

        private void CheckType(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            string name = _names[handle];
            if (!type.BaseType.IsNil) Use(name, type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
                Use(name, reader.GetInterfaceImplementation(implementation).Interface);
            foreach (var implementation in type.GetMethodImplementations())
                Use(name, reader.GetMethodImplementation(implementation).MethodDeclaration);
            CheckConstraints(name, type.GetGenericParameters());

            var fields = type.GetFields().Select(reader.GetFieldDefinition).ToList();
            if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout && fields.Any(f => (f.Attributes & FieldAttributes.Static) == 0))
                Report(name, "has explicit field offsets (LayoutKind.Explicit), which can overlay a reference with a number");
            foreach (var fieldHandle in type.GetFields())
                ReportProblem(_names[fieldHandle], reader.GetFieldDefinition(fieldHandle).DecodeSignature(_types, null));
            foreach (var property in type.GetProperties())
            {
                var signature = reader.GetPropertyDefinition(property).DecodeSignature(_types, null);
                foreach (var part in signature.ParameterTypes.Prepend(signature.ReturnType)) ReportProblem(_names[property], part);
            }
            foreach (var @event in type.GetEvents()) Use(_names[@event], reader.GetEventDefinition(@event).Type);
            foreach (var method in type.GetMethods()) CheckMethod(method, IsValueType(type));
        }

        private bool IsValueType(TypeDefinition type) =>
            type.BaseType.Kind == HandleKind.TypeReference
            && MetadataNames.Of(reader, (TypeReferenceHandle)type.BaseType) is "System.ValueType" or "System.Enum";

        private void CheckMethod(MethodDefinitionHandle handle, bool onValueType)
        {
            var method = reader.GetMethodDefinition(handle);
            string name = _names[handle];
            var signature = method.DecodeSignature(_types, null);
            foreach (var part in signature.ParameterTypes.Prepend(signature.ReturnType)) ReportProblem(name, part);
            CheckConstraints(name, method.GetGenericParameters());

            var implementation = method.ImplAttributes;
            var codeType = implementation & MethodImplAttributes.CodeTypeMask;
            if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0)
            {
                var import = method.GetImport();
                string module = import.Module.IsNil ? "?" : reader.GetString(reader.GetModuleReference(import.Module).Name);
                Report(name, $"is a P/Invoke (DllImport {module}!{reader.GetString(import.Name)})");
            }
            else if ((implementation & MethodImplAttributes.InternalCall) != 0)
                Report(name, "is an InternalCall (implemented inside the runtime)");
            else if (codeType is MethodImplAttributes.Native or MethodImplAttributes.OPTIL)
                Report(name, "has native code");
            else if ((implementation & MethodImplAttributes.Unmanaged) != 0)
                Report(name, "is unmanaged code");
            else if (method.RelativeVirtualAddress == 0 && (method.Attributes & MethodAttributes.Abstract) == 0 && codeType != MethodImplAttributes.Runtime)
                Report(name, "is extern (no IL body)");

            if (method.RelativeVirtualAddress == 0) return;
            var body = image.GetMethodBody(method.RelativeVirtualAddress);
            var locals = body.LocalSignature.IsNil ? []
                : reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_types, null);
            for (int i = 0; i < locals.Length; i++)
                if (locals[i].Problem is { } problem) Report(name, $"local #{i} uses {problem}");
            var thisType = new DriverType("this", null, onValueType ? StackShape.ManagedReference : StackShape.Other);
            var arguments = signature.Header.IsInstance ? signature.ParameterTypes.Insert(0, thisType) : signature.ParameterTypes;
            new DriverIlScan(_types, what => Report(name, what), token => Use(name, token), literal => _reported.Add(literal)).Scan(body, arguments, locals, signature.ReturnType);
        }

        private void CheckConstraints(string owner, GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters)
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                    Use(owner, reader.GetGenericParameterConstraint(constraint).Type);
        }

        private void CheckAttribute(CustomAttributeHandle handle)
        {
            var attribute = reader.GetCustomAttribute(handle);
            string owner = attribute.Parent.Kind switch
            {
                HandleKind.AssemblyDefinition => "assembly",
                HandleKind.ModuleDefinition => "module",
                _ => _names.GetValueOrDefault(attribute.Parent, "assembly"),
            };
            string type = AttributeType(attribute.Constructor);
            var forbidden = DriverRules.ForbiddenAttributes.FirstOrDefault(f => f.Type == type);
            if (forbidden.Type is null) Use(owner, attribute.Constructor);
            else
            {
                Report(owner, $"has [{type}] ({forbidden.Reason})");
                _reported.Add(attribute.Constructor);
            }
        }

        private string AttributeType(EntityHandle constructor)
        {
            var parent = constructor.Kind == HandleKind.MethodDefinition
                ? reader.GetMethodDefinition((MethodDefinitionHandle)constructor).GetDeclaringType()
                : reader.GetMemberReference((MemberReferenceHandle)constructor).Parent;
            return parent.Kind switch
            {
                HandleKind.TypeDefinition => MetadataNames.Of(reader, (TypeDefinitionHandle)parent),
                HandleKind.TypeReference => MetadataNames.Of(reader, (TypeReferenceHandle)parent),
                _ => "",
            };
        }

        // Checks something a member names (a type, field, method or signature token).
        private void Use(string owner, EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                case HandleKind.TypeSpecification:
                    if (TypeOf(handle).Problem is { } problem) Report(owner, "uses " + problem, handle);
                    break;
                case HandleKind.MemberReference:
                    UseMember(owner, (MemberReferenceHandle)handle);
                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Use(owner, specification.Method);
                    foreach (var argument in specification.DecodeSignature(_types, null))
                        if (argument.Problem is { } argumentProblem) Report(owner, $"uses {argumentProblem} as a type argument", handle);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        var method = signature.DecodeMethodSignature(_types, null);
                        foreach (var part in method.ParameterTypes.Prepend(method.ReturnType)) ReportProblem(owner, part);
                    }
                    break;
            }
        }

        private void UseMember(string owner, MemberReferenceHandle handle)
        {
            var member = reader.GetMemberReference(handle);
            string memberName = reader.GetString(member.Name);
            if (member.Parent.Kind == HandleKind.ModuleReference)
            {
                Report(owner, $"uses {memberName} from module {reader.GetString(reader.GetModuleReference((ModuleReferenceHandle)member.Parent).Name)}", handle);
                return;
            }
            if (member.Parent.Kind is not (HandleKind.TypeReference or HandleKind.TypeSpecification)) return;
            var parent = TypeOf(member.Parent);
            string full = $"{parent.Name}.{memberName}";
            if (member.Parent.Kind == HandleKind.TypeReference && _types.ReasonAgainst((TypeReferenceHandle)member.Parent) is { } reason)
            {
                Report(owner, $"uses {full} ({reason})", handle);
                _reported.Add(member.Parent);
                return;
            }
            if (parent.Problem is { } parentProblem)
            {
                Report(owner, $"uses {full}, whose type has {parentProblem}", handle);
                return;
            }
            if (SignatureParts(member).Select(p => p.Problem).FirstOrDefault(p => p is not null) is { } signatureProblem)
                Report(owner, $"uses {full}, whose signature has {signatureProblem}", handle);
        }

        private IEnumerable<DriverType> SignatureParts(MemberReference member)
        {
            if (member.GetKind() != MemberReferenceKind.Method) return [member.DecodeFieldSignature(_types, null)];
            var method = member.DecodeMethodSignature(_types, null);
            return method.ParameterTypes.Prepend(method.ReturnType);
        }

        private DriverType TypeOf(EntityHandle handle) => handle.Kind == HandleKind.TypeReference
            ? _types.GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0)
            : _types.GetTypeFromSpecification(reader, null, (TypeSpecificationHandle)handle, 0);

        // The safety net: a reference no member was found using still must keep the rules.
        // Member references go first so that their types are not reported a second time.
        private void SweepReferences()
        {
            foreach (var handle in reader.MemberReferences)
                if (!_reported.Contains(handle)) Use("assembly", handle);
            foreach (var handle in reader.TypeReferences)
                if (!_reported.Contains(handle)) Use("assembly", handle);
            for (int row = 1; row <= reader.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                var handle = MetadataTokens.TypeSpecificationHandle(row);
                if (!_reported.Contains(handle)) Use("assembly", handle);
            }
        }

        private void ReportProblem(string owner, DriverType type)
        {
            if (type.Problem is { } problem) Report(owner, "uses " + problem);
        }

        private void Report(string owner, string what, EntityHandle reference = default)
        {
            if (!reference.IsNil) _reported.Add(reference);
            // The sweep adds only what no line names yet (a type inside a reported generic instance, say).
            string named = what.StartsWith("uses ", StringComparison.Ordinal) ? what[5..] : what;
            if (owner == "assembly" && _problems.Any(p => p.Contains(named, StringComparison.Ordinal))) return;
            _problems.Add($"{owner}: {what}");
        }
    }
}
