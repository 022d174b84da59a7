using Zos.Shell.Commands;

namespace Zos.Tests.Host;

public class CpuidTextTests
{
    [Test]
    public void VendorFromEbxEdxEcx()
    {
        Assert.That(CpuidText.Registers(0x756e6547, 0x49656e69, 0x6c65746e), Is.EqualTo("GenuineIntel"));
    }

    [Test]
    public void AmdVendor()
    {
        // "AuthenticAMD": EBX=0x68747541, EDX=0x69746e65, ECX=0x444d4163
        Assert.That(CpuidText.Registers(0x68747541, 0x69746e65, 0x444d4163), Is.EqualTo("AuthenticAMD"));
    }

    [Test]
    public void NulBytesAreDropped()
    {
        // Brand strings are NUL-padded.
        Assert.That(CpuidText.Registers(0x00004241, 0x00000000, 0x00000043), Is.EqualTo("ABC"));
        Assert.That(CpuidText.Registers(), Is.Empty);
    }

    [Test]
    public void NoFeatureBitsGiveEmptyList()
    {
        Assert.That(CpuidText.Features(0, 0), Is.Empty);
    }

    [TestCase(0u, 1u << 4, "tsc")]
    [TestCase(0u, 1u << 5, "msr")]
    [TestCase(0u, 1u << 6, "pae")]
    [TestCase(0u, 1u << 9, "apic")]
    [TestCase(0u, 1u << 25, "sse")]
    [TestCase(0u, 1u << 26, "sse2")]
    [TestCase(1u << 0, 0u, "sse3")]
    [TestCase(1u << 9, 0u, "ssse3")]
    [TestCase(1u << 19, 0u, "sse4.1")]
    [TestCase(1u << 20, 0u, "sse4.2")]
    [TestCase(1u << 21, 0u, "x2apic")]
    [TestCase(1u << 23, 0u, "popcnt")]
    [TestCase(1u << 26, 0u, "xsave")]
    [TestCase(1u << 28, 0u, "avx")]
    [TestCase(1u << 31, 0u, "hypervisor")]
    public void SingleBitGivesItsName(uint ecx, uint edx, string name)
    {
        Assert.That(CpuidText.Features(ecx, edx), Is.EqualTo(name));
    }

    [Test]
    public void SeveralFeaturesAreSpaceSeparatedInOrder()
    {
        uint edx = (1u << 4) | (1u << 25) | (1u << 26);
        uint ecx = (1u << 0) | (1u << 31);
        Assert.That(CpuidText.Features(ecx, edx), Is.EqualTo("tsc sse sse2 sse3 hypervisor"));
    }

    [Test]
    public void UnlistedBitsAreIgnored()
    {
        // EDX bit 0 (fpu), ECX bit 1 (pclmulqdq) are not listed.
        Assert.That(CpuidText.Features(1u << 1, 1u << 0), Is.Empty);
    }

    [Test]
    public void AllBitsGiveEveryName()
    {
        Assert.That(CpuidText.Features(uint.MaxValue, uint.MaxValue),
            Is.EqualTo("tsc msr pae apic sse sse2 sse3 ssse3 sse4.1 sse4.2 x2apic popcnt xsave avx hypervisor"));
    }
}
