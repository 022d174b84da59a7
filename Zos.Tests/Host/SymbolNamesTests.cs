using NUnit.Framework;
using Zos.Build;

namespace Zos.Tests.Host;

public class SymbolNamesTests
{
    private static readonly string[] Assemblies = ["Zos.Hal", "Zos.Drivers", "Zos.Kernel"];

    [Test]
    public void KernelMethodIsDemangled()
    {
        Assert.That(SymbolNames.Demangle("Zos_Kernel_Zos_Kernel_Shell_CommandShell__Execute", Assemblies),
            Is.EqualTo("Zos.Kernel.Shell.CommandShell.Execute"));
    }

    [Test]
    public void HalMethodIsDemangled()
    {
        Assert.That(SymbolNames.Demangle("Zos_Hal_Zos_Hal_Interrupts_IdtGate__Encode", Assemblies),
            Is.EqualTo("Zos.Hal.Interrupts.IdtGate.Encode"));
    }

    [Test]
    public void CorlibMethodIsDemangled()
    {
        Assert.That(SymbolNames.Demangle("S_P_CoreLib_System_String__get_Length", Assemblies),
            Is.EqualTo("System.String.get_Length"));
    }

    [Test]
    public void TypeSymbolIsDemangledToTheTypeName()
    {
        Assert.That(SymbolNames.Demangle("_ZTV44S_P_CoreLib_System_InvalidOperationException", Assemblies),
            Is.EqualTo("System.InvalidOperationException"));
    }

    [Test]
    public void TypeSymbolWithAWrongLengthIsLeftAlone()
    {
        Assert.That(SymbolNames.Demangle("_ZTV12S_P_CoreLib_System_Object", Assemblies), Is.EqualTo("_ZTV12S_P_CoreLib_System_Object"));
    }

    [Test]
    public void CorlibIsRecognisedWithNoAssemblies()
    {
        Assert.That(SymbolNames.Demangle("S_P_CoreLib_System_String__get_Length", Array.Empty<string>()),
            Is.EqualTo("System.String.get_Length"));
    }

    [TestCase("long_mode_entry")]
    [TestCase("__start")]
    [TestCase("RhpNewFast")]
    [TestCase("Zos_Runtime_Thing__Method")]
    public void NonManagedSymbolIsUnchanged(string symbol)
    {
        Assert.That(SymbolNames.Demangle(symbol, Assemblies), Is.EqualTo(symbol));
    }

    [Test]
    public void TypeSymbolWithoutMemberIsDemangled()
    {
        Assert.That(SymbolNames.Demangle("S_P_CoreLib_System_InvalidOperationException", Assemblies),
            Is.EqualTo("System.InvalidOperationException"));
    }

    [Test]
    public void MemberKeepsUnderscoresAfterTheSeparator()
    {
        Assert.That(SymbolNames.Demangle("Zos_Kernel_Zos_Kernel_Program__set_Some_Value", Assemblies),
            Is.EqualTo("Zos.Kernel.Program.set_Some_Value"));
    }
}
