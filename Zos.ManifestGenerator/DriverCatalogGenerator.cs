using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Zos.ManifestGenerator
{
    // Writes Zos.Image.BuiltInDrivers.Create(): one registration for every
    // driver class (a Zos.Hal.Drivers.Driver subclass with [Driver]) in the
    // assemblies the image references. Each registration re-creates the
    // class's Zos.Hal.Drivers attributes as objects and hands them to
    // DriverRegistration.FromAttributes, so the attributes stay the only place
    // a manifest is written and the kernel, which has no reflection, reads them
    // with the same code as the host. A driver's channel request type names its
    // protocol (what the kernel attaches to its instances); a platform device
    // name the kernel has no description for is a build error (ZOS0003), since
    // such a driver would never bind.
    //
    // Why a generator and not the build tool reading metadata after compiling:
    // the catalog is then ordinary C# compiled with the image, checked by csc,
    // visible to ilc as plain code, and a mistake is a compiler error at the
    // driver class.
    [Generator(LanguageNames.CSharp)]
    public sealed class DriverCatalogGenerator : IIncrementalGenerator
    {
        public const string DriverBaseType = "Zos.Hal.Drivers.Driver";
        public const string ManifestNamespace = "Zos.Hal.Drivers";
        public const string ChannelType = "Zos.Hal.Drivers.DriverChannel`2";
        public const string BlockRequestType = "Zos.Hal.Drivers.Block.BlockDriverRequest";
        public const string KeyboardRequestType = "Zos.Hal.Drivers.Input.KeyboardRequest";
        public const string ProtocolType = "global::Zos.Kernel.Hosting.DriverProtocol";
        // The platform devices the kernel knows: the constants of this class.
        public const string PlatformDeviceNamesType = "Zos.Hal.Drivers.PlatformDeviceNames";

        private static readonly DiagnosticDescriptor NotADriver = new DiagnosticDescriptor("ZOS0001",
            "Driver class without [Driver]", "{0} derives from Driver but has no [Driver(name)]: the kernel cannot bind it",
            "Zos.Drivers", DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static readonly DiagnosticDescriptor NoConstructor = new DiagnosticDescriptor("ZOS0002",
            "Driver class the kernel cannot construct",
            "{0} needs one public constructor: without parameters, or taking its DriverChannel<TRequest, TCompletion> with a [Channel(capacity)] attribute",
            "Zos.Drivers", DiagnosticSeverity.Error, isEnabledByDefault: true);

        private static readonly DiagnosticDescriptor UnknownPlatformDevice = new DiagnosticDescriptor("ZOS0003",
            "Driver of a platform device the kernel does not know",
            "{0} drives platform device '{1}', which the kernel does not know (it knows: {2}; see PlatformDeviceNames)",
            "Zos.Drivers", DiagnosticSeverity.Error, isEnabledByDefault: true);

        // The image project's ZosDriver assemblies, in its order, passed as an MSBuild property (comma-separated).
        private const string DriversProperty = "build_property.ZosDrivers";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValueProvider<string[]> drivers = context.AnalyzerConfigOptionsProvider.Select((options, _) =>
                options.GlobalOptions.TryGetValue(DriversProperty, out string names) && !string.IsNullOrWhiteSpace(names)
                    ? names.Split(new[] { ',' }, System.StringSplitOptions.RemoveEmptyEntries).Select(name => name.Trim()).ToArray()
                    : null);
            context.RegisterSourceOutput(context.CompilationProvider.Combine(drivers), (output, source) => Generate(output, source.Left, source.Right));
        }

        // drivers: the assemblies whose driver classes go in, first listed first (null: every assembly that uses the driver API).
        private static void Generate(SourceProductionContext output, Compilation compilation, string[] drivers)
        {
            INamedTypeSymbol driverBase = compilation.GetTypeByMetadataName(DriverBaseType);
            if (driverBase is null) return;
            var registrations = new List<string>();
            List<string> platformDevices = PlatformDeviceNames(compilation);
            foreach (INamedTypeSymbol type in DriverClasses(compilation, driverBase, drivers))
            {
                string registration = Registration(type, platformDevices, output);
                if (registration is not null) registrations.Add(registration);
            }
            output.AddSource("BuiltInDrivers.g.cs", Catalog(registrations));
        }

        // Concrete Driver subclasses of the driver assemblies, in a stable order: the order the
        // assemblies are listed in (the catalog's order breaks binding ties), then by name.
        private static IEnumerable<INamedTypeSymbol> DriverClasses(Compilation compilation, INamedTypeSymbol driverBase, string[] drivers)
        {
            var found = new List<INamedTypeSymbol>();
            foreach (IAssemblySymbol assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (drivers is not null ? System.Array.IndexOf(drivers, assembly.Name) < 0
                    : !assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == driverBase.ContainingAssembly.Name))) continue;
                Collect(assembly.GlobalNamespace, driverBase, found);
            }
            return found.OrderBy(t => drivers is null ? 0 : System.Array.IndexOf(drivers, t.ContainingAssembly.Name))
                .ThenBy(t => t.ToDisplayString(), System.StringComparer.Ordinal);
        }

        private static void Collect(INamespaceSymbol space, INamedTypeSymbol driverBase, List<INamedTypeSymbol> found)
        {
            foreach (INamespaceSymbol inner in space.GetNamespaceMembers()) Collect(inner, driverBase, found);
            foreach (INamedTypeSymbol type in space.GetTypeMembers())
                if (!type.IsAbstract && DerivesFrom(type, driverBase)) found.Add(type);
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
        {
            for (INamedTypeSymbol t = type.BaseType; t is not null; t = t.BaseType)
                if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
            return false;
        }

        // The names the kernel has platform devices for: every string constant of PlatformDeviceNames.
        private static List<string> PlatformDeviceNames(Compilation compilation)
        {
            INamedTypeSymbol names = compilation.GetTypeByMetadataName(PlatformDeviceNamesType);
            if (names is null) return new List<string>();
            return names.GetMembers().OfType<IFieldSymbol>().Where(f => f.IsConst && f.ConstantValue is string)
                .Select(f => (string)f.ConstantValue).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
        }

        private static string Registration(INamedTypeSymbol type, List<string> platformDevices, SourceProductionContext output)
        {
            ImmutableArray<AttributeData> attributes = type.GetAttributes()
                .Where(a => a.AttributeClass?.ContainingNamespace?.ToDisplayString() == ManifestNamespace).ToImmutableArray();
            // Driver classes live in referenced assemblies, outside this compilation: the message names the class.
            Location location = Location.None;
            string name = type.ToDisplayString();
            if (!attributes.Any(a => a.AttributeClass.Name == "DriverAttribute"))
            {
                output.ReportDiagnostic(Diagnostic.Create(NotADriver, location, name));
                return null;
            }
            AttributeData platform = attributes.FirstOrDefault(a => a.AttributeClass.Name == "DrivesPlatformDeviceAttribute");
            string platformName = platform?.ConstructorArguments[0].Value as string;
            if (platform is not null && !platformDevices.Contains(platformName))
            {
                output.ReportDiagnostic(Diagnostic.Create(UnknownPlatformDevice, location, name, platformName ?? "null",
                    platformDevices.Count == 0 ? "none" : string.Join(", ", platformDevices)));
                return null;
            }
            string create = Factory(type, attributes, out string protocol);
            if (create is null)
            {
                output.ReportDiagnostic(Diagnostic.Create(NoConstructor, location, name));
                return null;
            }
            string objects = string.Join(",\n                    ", attributes.Select(Construction));
            return "global::Zos.Kernel.Hosting.DriverRegistration.FromAttributes(" + Literal(type.ToDisplayString()) + ",\n"
                + "                new object[]\n                {\n                    " + objects + ",\n                },\n"
                + "                " + create + ",\n                protocol: " + ProtocolType + "." + protocol + ")";
        }

        // incarnation => new T() or new T(incarnation.OpenChannel<TRequest, TCompletion>(capacity));
        // protocol: the DriverProtocol member the channel's request type names.
        private static string Factory(INamedTypeSymbol type, ImmutableArray<AttributeData> attributes, out string protocol)
        {
            protocol = "None";
            IMethodSymbol[] constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToArray();
            if (constructors.Length != 1) return null;
            string typeName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            AttributeData channel = attributes.FirstOrDefault(a => a.AttributeClass.Name == "ChannelAttribute");
            ImmutableArray<IParameterSymbol> parameters = constructors[0].Parameters;
            if (parameters.Length == 0) return channel is null ? "incarnation => new " + typeName + "()" : null;
            if (parameters.Length != 1 || channel is null || !(parameters[0].Type is INamedTypeSymbol channelType)
                || MetadataName(channelType.ConstructedFrom) != ChannelType)
                return null;
            string requestType = channelType.TypeArguments[0].ToDisplayString();
            protocol = requestType == BlockRequestType ? "Block" : requestType == KeyboardRequestType ? "Keyboard" : "None";
            string request = channelType.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            string completion = channelType.TypeArguments[1].ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
            return "incarnation => new " + typeName + "(incarnation.OpenChannel<" + request + ", " + completion + ">("
                + Constant(channel.ConstructorArguments[0]) + "))";
        }

        private static string MetadataName(INamedTypeSymbol type) => type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;

        // new Attribute(arguments) { Property = value, ... }
        private static string Construction(AttributeData attribute)
        {
            var text = new StringBuilder("new ").Append(attribute.AttributeClass.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat))
                .Append('(').Append(string.Join(", ", attribute.ConstructorArguments.Select(Constant))).Append(')');
            if (attribute.NamedArguments.Length > 0)
                text.Append(" { ").Append(string.Join(", ", attribute.NamedArguments.Select(n => n.Key + " = " + Constant(n.Value)))).Append(" }");
            return text.ToString();
        }

        // C# for an attribute argument: an enum as a cast of its value, a number with its type, a string quoted.
        private static string Constant(TypedConstant constant)
        {
            if (constant.IsNull) return "null";
            if (constant.Kind == TypedConstantKind.Enum)
                return "(" + constant.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + Number(constant.Value) + ")";
            if (constant.Kind != TypedConstantKind.Primitive) return null;
            return constant.Value switch
            {
                string text => Literal(text),
                bool flag => flag ? "true" : "false",
                _ => "(" + constant.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ")(" + Number(constant.Value) + ")",
            };
        }

        private static string Number(object value) => value switch
        {
            ulong u => u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "UL",
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture) + "L",
            uint u => u.ToString(System.Globalization.CultureInfo.InvariantCulture) + "U",
            char c => ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };

        private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);

        private static string Catalog(List<string> registrations) =>
            "// <auto-generated/> by Zos.ManifestGenerator from the driver classes' attributes: edit those, not this.\n"
            + "namespace Zos.Image\n{\n"
            + "    public static class BuiltInDrivers\n    {\n"
            + "        public static global::Zos.Kernel.Hosting.DriverCatalog Create() => new global::Zos.Kernel.Hosting.DriverCatalog(\n"
            + "            new global::Zos.Kernel.Hosting.DriverRegistration[]\n            {\n"
            + string.Concat(registrations.Select(r => "                " + r + ",\n"))
            + "            });\n    }\n}\n";
    }
}
