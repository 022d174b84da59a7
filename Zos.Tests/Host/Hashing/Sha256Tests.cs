using System.Text;
using Zos.Kernel.Hashing;

namespace Zos.Tests.Host.Hashing;

// Known answers from FIPS 180-4's examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf"),
// then the host's own SHA-256 as the oracle for every length around the padding boundaries.
public class Sha256Tests
{
    private static string Hex(byte[] digest) => Convert.ToHexString(digest).ToLowerInvariant();

    [TestCase("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [TestCase("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void KnownAnswers(string message, string expected) =>
        Assert.That(Hex(Sha256.Hash(Encoding.ASCII.GetBytes(message))), Is.EqualTo(expected));

    [Test]
    public void OneMillionLetterAsAppendedInUnevenPieces()
    {
        var hash = new Sha256();
        byte[] a = Enumerable.Repeat((byte)'a', 1024).ToArray();
        int left = 1_000_000, piece = 1;
        while (left > 0)
        {
            int take = Math.Min(piece, left);
            hash.Append(a.AsSpan(0, take));
            left -= take;
            piece = piece % 997 + 13;
        }
        byte[] digest = new byte[Sha256.DigestBytes];
        hash.Finish(digest);
        Assert.That(Hex(digest), Is.EqualTo("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
    }

    [Test]
    public void EveryLengthAcrossThreeBlocksMatchesTheHostsSha256()
    {
        var random = new Random(180_4);
        for (int length = 0; length <= 200; length++)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            Assert.That(Sha256.Hash(data), Is.EqualTo(System.Security.Cryptography.SHA256.HashData(data)), $"length {length}");
        }
    }

    [Test]
    public void AppendingAfterFinishIsRefused()
    {
        var hash = new Sha256();
        hash.Finish(new byte[Sha256.DigestBytes]);
        Assert.Throws<InvalidOperationException>(() => hash.Append(new byte[1]));
    }
}
