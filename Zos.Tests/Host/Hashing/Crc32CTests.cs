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

    // The eight-byte path against the bitwise definition, at every length and alignment.
    [Test]
    public void EveryLengthMatchesTheBitwiseDefinition()
    {
        var random = new Random(3720);
        byte[] data = new byte[80];
        random.NextBytes(data);
        for (int start = 0; start < 8; start++)
            for (int length = 0; start + length <= data.Length; length++)
                Assert.That(Crc32C.Of(data.AsSpan(start, length)), Is.EqualTo(Bitwise(data.AsSpan(start, length))), $"{length} bytes from {start}");
    }

    private static uint Bitwise(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? crc >> 1 ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
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
