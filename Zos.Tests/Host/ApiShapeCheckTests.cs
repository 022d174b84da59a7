using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using NUnit.Framework;
using Zos.Build;

namespace Zos.Tests.Host;

public class ApiShapeCheckTests
{
    private const TypeAttributes PublicClass = TypeAttributes.Public | TypeAttributes.BeforeFieldInit;
    private const TypeAttributes PublicStruct = TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.SequentialLayout;
    private const TypeAttributes PublicInterface = TypeAttributes.Public | TypeAttributes.Interface | TypeAttributes.Abstract;
    private const TypeAttributes PublicStaticClass = TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed;
    private const MethodAttributes PublicMethod = MethodAttributes.Public | MethodAttributes.HideBySig;

    private static readonly Lazy<IReadOnlyList<string>> ReferencePack = new(FindReferencePack);

    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("zos-shape-");

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    [Test]
    public void RealCorlibMatchesReferencePack()
    {
        string corlib = Path.Combine(RepositoryRoot(), "Zos.Runtime", "bin", "Debug", "net10.0", "System.Private.CoreLib.dll");
        Assert.That(File.Exists(corlib), $"{corlib} is missing: run `dotnet build Zos.Runtime` first");

        Assert.That(ApiShapeCheck.Check(corlib, ReferencePack.Value), Is.Empty);
    }

    [Test]
    public void ReportsWrongBaseClass()
    {
        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var obj = corlib.AddType("System", "Object", PublicClass, default);
        var exception = corlib.AddType("System", "Exception", PublicClass, obj);
        corlib.AddType("System", "ArgumentException", PublicClass, exception);

        Assert.That(CheckAgainstReferencePack(corlib), Is.EqualTo(new[]
        {
            "System.ArgumentException: derives from System.Exception, the BCL's from System.SystemException",
        }));
    }

    [Test]
    public void ReportsKindMismatch()
    {
        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var obj = corlib.AddType("System", "Object", PublicClass, default);
        corlib.AddType("System", "Int32", PublicClass, obj);

        Assert.That(CheckAgainstReferencePack(corlib), Is.EqualTo(new[]
        {
            "System.Int32: is a class in the corlib but a struct in the BCL",
        }));
    }

    [Test]
    public void ReportsMissingInterfaceThatTheCorlibDefines()
    {
        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var obj = corlib.AddType("System", "Object", PublicClass, default);
        var valueType = corlib.AddType("System", "ValueType", PublicClass | TypeAttributes.Abstract, obj);
        var equatable = corlib.AddType("System", "IEquatable`1", PublicInterface, default, arity: 1);
        corlib.AddType("System", "Int32", PublicStruct, valueType);
        var int64 = corlib.AddType("System", "Int64", PublicStruct, valueType);
        corlib.Implement(int64, corlib.Instantiate(equatable, a => a.Int64()));

        // Int32 and Int64 also implement IComparable and others that this corlib does not define.
        Assert.That(CheckAgainstReferencePack(corlib), Is.EqualTo(new[]
        {
            "System.Int32: does not implement System.IEquatable`1<int>, which the BCL's System.Int32 implements",
        }));
    }

    [Test]
    public void ReportsPublicMembersNotInTheBcl()
    {
        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var obj = corlib.AddType("System", "Object", PublicClass, default);
        var stringType = corlib.AddType("System", "String", PublicClass | TypeAttributes.Sealed, obj);
        corlib.AddMethod("Contains", PublicMethod, e => e.MethodSignature(isInstanceMethod: true)
            .Parameters(1, r => r.Type().Boolean(), p => p.AddParameter().Type().Char()));
        corlib.AddMethod("Concat", PublicMethod | MethodAttributes.Static, e => e.MethodSignature()
            .Parameters(2, r => r.Type().String(), p => { p.AddParameter().Type().String(); p.AddParameter().Type().String(); }));
        corlib.AddMethod("Foo", PublicMethod, e => e.MethodSignature(isInstanceMethod: true)
            .Parameters(1, r => r.Void(), p => p.AddParameter().Type().Int32()));
        corlib.AddMethod("Substring", PublicMethod, e => e.MethodSignature(isInstanceMethod: true)
            .Parameters(1, r => r.Type().Int32(), p => p.AddParameter().Type().Int32()));
        corlib.AddMethod("Helper", MethodAttributes.Assembly, e => e.MethodSignature(isInstanceMethod: true)
            .Parameters(0, r => r.Void(), _ => { }));
        var getter = corlib.AddMethod("get_Size", PublicMethod | MethodAttributes.SpecialName, e => e.MethodSignature(isInstanceMethod: true)
            .Parameters(0, r => r.Type().Int32(), _ => { }));
        corlib.AddProperty(stringType, "Size", e => e.PropertySignature(isInstanceProperty: true)
            .Parameters(0, r => r.Type().Int32(), _ => { }), getter);

        Assert.That(CheckAgainstReferencePack(corlib), Is.EquivalentTo(new[]
        {
            "int System.String.Size: not in the BCL's System.String",
            "void System.String.Foo(int): not in the BCL's System.String",
            "int System.String.Substring(int): not in the BCL's System.String",
        }));
    }

    [Test]
    public void InAttributeModifierDoesNotChangeASignature()
    {
        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var obj = corlib.AddType("System", "Object", PublicClass, default);
        var inAttribute = corlib.AddType("System.Runtime.InteropServices", "InAttribute", TypeAttributes.NotPublic, obj);
        corlib.AddType("System.Runtime.CompilerServices", "Unsafe", PublicStaticClass, obj);
        // void* AsPointer<T>(ref readonly T value), as Roslyn writes `in` on a virtual method.
        corlib.AddMethod("AsPointer", PublicMethod | MethodAttributes.Static, e => e.MethodSignature(genericParameterCount: 1)
            .Parameters(1, r => r.Type().VoidPointer(), p =>
            {
                var parameter = p.AddParameter();
                parameter.CustomModifiers().AddModifier(inAttribute, isOptional: false);
                parameter.Type(isByRef: true).GenericMethodTypeParameter(0);
            }));

        Assert.That(CheckAgainstReferencePack(corlib), Is.Empty);
    }

    [Test]
    public void ReportsPublicTypesUnknownToTheBclOrInZosNamespaces()
    {
        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var obj = corlib.AddType("System", "Object", PublicClass, default);
        corlib.AddType("System", "Frobnicator", PublicClass, obj);
        corlib.AddType("Zos.Runtime", "KernelHeap", PublicClass, obj);
        corlib.AddType("Internal.Runtime", "MethodTable", PublicStruct, obj);
        corlib.AddType("Zos.Runtime", "ObjectAllocator", TypeAttributes.NotPublic, obj);

        Assert.That(CheckAgainstReferencePack(corlib), Is.EqualTo(new[]
        {
            "System.Frobnicator: public type unknown to the BCL",
            "Zos.Runtime.KernelHeap: public, but namespace Zos.Runtime is Zos-private; make it internal",
            "Internal.Runtime.MethodTable: public, but namespace Internal.Runtime is Zos-private; make it internal",
        }));
    }

    // A made-up BCL where Derived : Base<int> repeats the IEquatable<int> that Base<T> : IEquatable<T> brings.
    [TestCase("int", new string[0])]
    [TestCase("long", new[]
    {
        "Fake.Derived: derives from Fake.Base`1<long>, the BCL's from Fake.Base`1<int>",
        "Fake.Derived: does not implement System.IEquatable`1<int>, which the BCL's Fake.Derived implements",
    })]
    public void InterfacesCountThroughGenericBaseTypes(string corlibArgument, string[] expected)
    {
        var reference = new AssemblyWriter("Fake.Reference");
        var (referenceEquatable, referenceBase) = AddGenericBase(reference);
        var referenceDerived = reference.AddType("Fake", "Derived", PublicClass, reference.Instantiate(referenceBase, a => a.Int32()));
        reference.Implement(referenceDerived, reference.Instantiate(referenceEquatable, a => a.Int32()));

        var corlib = new AssemblyWriter("System.Private.CoreLib");
        var (_, corlibBase) = AddGenericBase(corlib);
        corlib.AddType("Fake", "Derived", PublicClass, corlib.Instantiate(corlibBase, a =>
        {
            if (corlibArgument == "int") a.Int32();
            else a.Int64();
        }));

        Assert.That(ApiShapeCheck.Check(corlib.Write(_directory.FullName), [reference.Write(_directory.FullName)]), Is.EqualTo(expected));
    }

    // System.IEquatable<T> and Fake.Base<T> : IEquatable<T>.
    private static (TypeDefinitionHandle Equatable, TypeDefinitionHandle Base) AddGenericBase(AssemblyWriter assembly)
    {
        var equatable = assembly.AddType("System", "IEquatable`1", PublicInterface, default, arity: 1);
        var baseType = assembly.AddType("Fake", "Base`1", PublicClass, default, arity: 1);
        assembly.Implement(baseType, assembly.Instantiate(equatable, a => a.GenericTypeParameter(0)));
        return (equatable, baseType);
    }

    private IReadOnlyList<string> CheckAgainstReferencePack(AssemblyWriter corlib) =>
        ApiShapeCheck.Check(corlib.Write(_directory.FullName), ReferencePack.Value);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Zos.sln"))) return directory.FullName;
        throw new DirectoryNotFoundException("no Zos.sln above " + TestContext.CurrentContext.TestDirectory);
    }

    // The running runtime is <dotnet>/shared/Microsoft.NETCore.App/<version>; its reference
    // pack is <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0, or the newest 10.x.
    private static IReadOnlyList<string> FindReferencePack()
    {
        var runtime = new DirectoryInfo(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        var packs = new DirectoryInfo(Path.Combine(runtime.Parent!.Parent!.Parent!.FullName, "packs", "Microsoft.NETCore.App.Ref"));
        var pack = packs.GetDirectories(runtime.Name).SingleOrDefault()
            ?? packs.GetDirectories("10.*").MaxBy(d => Version.TryParse(d.Name.Split('-')[0], out var v) ? v : new Version())
            ?? throw new DirectoryNotFoundException("no .NET 10 reference pack under " + packs.FullName);
        return Directory.GetFiles(Path.Combine(pack.FullName, "ref", "net10.0"), "*.dll");
    }

    // Writes a metadata-only assembly (no method bodies): enough for the check to read.
    // Members belong to the type added last, and types must be added in table order.
    private sealed class AssemblyWriter
    {
        private readonly MetadataBuilder _metadata = new();
        private readonly string _name;

        public AssemblyWriter(string name)
        {
            _name = name;
            _metadata.AddModule(0, _metadata.GetOrAddString(name + ".dll"), _metadata.GetOrAddGuid(Guid.NewGuid()), default, default);
            _metadata.AddAssembly(_metadata.GetOrAddString(name), new Version(10, 0, 0, 0), default, default, default, AssemblyHashAlgorithm.None);
            AddType("", "<Module>", 0, default);
        }

        public TypeDefinitionHandle AddType(string ns, string name, TypeAttributes attributes, EntityHandle baseType, int arity = 0)
        {
            var type = _metadata.AddTypeDefinition(attributes, ns.Length == 0 ? default : _metadata.GetOrAddString(ns), _metadata.GetOrAddString(name), baseType,
                MetadataTokens.FieldDefinitionHandle(_metadata.GetRowCount(TableIndex.Field) + 1),
                MetadataTokens.MethodDefinitionHandle(_metadata.GetRowCount(TableIndex.MethodDef) + 1));
            for (int i = 0; i < arity; i++)
                _metadata.AddGenericParameter(type, GenericParameterAttributes.None, _metadata.GetOrAddString("T" + i), i);
            return type;
        }

        public MethodDefinitionHandle AddMethod(string name, MethodAttributes attributes, Action<BlobEncoder> signature) =>
            _metadata.AddMethodDefinition(attributes, MethodImplAttributes.IL, _metadata.GetOrAddString(name), Blob(signature),
                bodyOffset: -1, MetadataTokens.ParameterHandle(_metadata.GetRowCount(TableIndex.Param) + 1));

        public void AddProperty(TypeDefinitionHandle type, string name, Action<BlobEncoder> signature, MethodDefinitionHandle getter)
        {
            var property = _metadata.AddProperty(PropertyAttributes.None, _metadata.GetOrAddString(name), Blob(signature));
            _metadata.AddPropertyMap(type, property);
            _metadata.AddMethodSemantics(property, MethodSemanticsAttributes.Getter, getter);
        }

        public void Implement(TypeDefinitionHandle type, EntityHandle @interface) => _metadata.AddInterfaceImplementation(type, @interface);

        // genericType instantiated with the one type argument that `argument` encodes.
        public TypeSpecificationHandle Instantiate(EntityHandle genericType, Action<SignatureTypeEncoder> argument) =>
            _metadata.AddTypeSpecification(Blob(e => argument(e.TypeSpecificationSignature().GenericInstantiation(genericType, 1, isValueType: false).AddArgument())));

        public string Write(string directory)
        {
            var image = new BlobBuilder();
            new ManagedPEBuilder(new PEHeaderBuilder(imageCharacteristics: Characteristics.Dll | Characteristics.ExecutableImage),
                new MetadataRootBuilder(_metadata), new BlobBuilder()).Serialize(image);
            string path = Path.Combine(directory, _name + ".dll");
            using var file = File.Create(path);
            image.WriteContentTo(file);
            return path;
        }

        private BlobHandle Blob(Action<BlobEncoder> encode)
        {
            var blob = new BlobBuilder();
            encode(new BlobEncoder(blob));
            return _metadata.GetOrAddBlob(blob);
        }
    }
}
