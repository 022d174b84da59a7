using Zos.Hal.Capabilities;

namespace Zos.Tests.Host.Capabilities;

// The names the shell, the audit log and crash records show for rights,
// reasons and kinds (the kernel has no Enum.ToString).
public class CapabilityTextTests
{
    [TestCase(CapabilityRights.None, "none")]
    [TestCase(CapabilityRights.Read, "read")]
    [TestCase(CapabilityRights.Wait | CapabilityRights.Acknowledge, "wait,acknowledge")]
    [TestCase(CapabilityRights.ReadWrite | CapabilityRights.Allocate, "read,write,allocate")]
    public void RightsAreNamedInOrderOrAsNone(CapabilityRights rights, string expected)
    {
        Assert.That(CapabilityText.Of(rights), Is.EqualTo(expected));
    }

    [TestCase(ViolationReason.Revoked, "revoked")]
    [TestCase(ViolationReason.StaleGeneration, "stale generation")]
    [TestCase(ViolationReason.MissingRights, "missing rights")]
    [TestCase(ViolationReason.OutOfRange, "out of range")]
    [TestCase(ViolationReason.Misaligned, "misaligned")]
    [TestCase(ViolationReason.ProtectedRegister, "protected register")]
    [TestCase((ViolationReason)42, "violation 42")]
    public void EveryViolationReasonHasItsName(ViolationReason reason, string expected)
    {
        Assert.That(CapabilityText.Of(reason), Is.EqualTo(expected));
    }

    [TestCase(DenialReason.InvalidRequest, "invalid request")]
    [TestCase(DenialReason.OutsideResource, "outside the resource")]
    [TestCase(DenialReason.RightsExceeded, "rights exceeded")]
    [TestCase(DenialReason.SourceRevoked, "source revoked")]
    [TestCase(DenialReason.AlreadyGranted, "already granted")]
    [TestCase(DenialReason.QuotaExceeded, "quota exceeded")]
    [TestCase(DenialReason.Unavailable, "unavailable")]
    [TestCase(DenialReason.NotPermitted, "not permitted")]
    [TestCase((DenialReason)42, "denial 42")]
    public void EveryDenialReasonHasItsName(DenialReason reason, string expected)
    {
        Assert.That(CapabilityText.Of(reason), Is.EqualTo(expected));
    }

    [TestCase(CapabilityKind.IoPortRange, "ports")]
    [TestCase(CapabilityKind.Irq, "irq")]
    [TestCase(CapabilityKind.MmioRegion, "mmio")]
    [TestCase(CapabilityKind.DmaPool, "dma pool")]
    [TestCase(CapabilityKind.DmaBuffer, "dma buffer")]
    [TestCase(CapabilityKind.PciFunction, "pci function")]
    [TestCase((CapabilityKind)42, "kind 42")]
    public void EveryKindHasItsName(CapabilityKind kind, string expected)
    {
        Assert.That(CapabilityText.Of(kind), Is.EqualTo(expected));
    }

    [TestCase(IrqMode.Line, "intx")]
    [TestCase(IrqMode.Msi, "msi")]
    [TestCase(IrqMode.MsiX, "msi-x")]
    public void EveryInterruptModeHasItsName(IrqMode mode, string expected)
    {
        Assert.That(CapabilityText.Of(mode), Is.EqualTo(expected));
    }
}
