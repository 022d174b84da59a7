using System.Text;
using Zos.Kernel.Hashing;

namespace Zos.Tests.Host.Hashing;

public class Crc32CTests
{
    // RFC 3720 B.4's check value for "123456789", and its 32-byte test patterns.
    [Test]
    public void CheckValueOfTheDigitsOneToNine() =>
        Assert.That(Crc32C.Of(Encoding.ASCII.GetBytes("123456789")), Is.EqualTo(0xE3069283u));

    [Test]
    public void Rfc3720Patterns()
    {
        Assert.That(Crc32C.Of(new byte[32]), Is.EqualTo(0x8A9136AAu), "32 zeroes");
        Assert.That(Crc32C.Of(Enumerable.Repeat((byte)0xFF, 32).ToArray()), Is.EqualTo(0x62A8AB43u), "32 ones");
        Assert.That(Crc32C.Of(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()), Is.EqualTo(0x46DD794Eu), "incrementing");
    }

    [Test]
    public void PiecesGiveTheChecksumOfTheWhole()
    {
        byte[] data = Encoding.ASCII.GetBytes("a checksum over pieces");
        uint running = Crc32C.Append(Crc32C.Start, data.AsSpan(0, 7));
        running = Crc32C.Append(running, data.AsSpan(7));
        Assert.That(Crc32C.Finish(running), Is.EqualTo(Crc32C.Of(data)));
    }
}
