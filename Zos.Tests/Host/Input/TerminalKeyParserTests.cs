using System.Text;
using Zos.Hal.Drivers.Input;
using Zos.Kernel.Input;

namespace Zos.Tests.Host.Input;

// What serial terminals send (VT100/VT220 and xterm, ECMA-48 control
// sequences), turned into keys one byte at a time.
public class TerminalKeyParserTests
{
    private static List<KeyStroke> Keys(string sent, TerminalKeyParser? parser = null)
    {
        parser ??= new TerminalKeyParser();
        var keys = new List<KeyStroke>();
        foreach (byte value in Encoding.Latin1.GetBytes(sent))
            if (parser.Feed(value, out KeyStroke key)) keys.Add(key);
        return keys;
    }

    private static KeyStroke One(string sent)
    {
        List<KeyStroke> keys = Keys(sent);
        Assert.That(keys, Has.Count.EqualTo(1), "one key from " + sent.Replace("\x1b", "ESC"));
        return keys[0];
    }

    [TestCase("\x1b[A", Key.Up)]
    [TestCase("\x1b[B", Key.Down)]
    [TestCase("\x1b[C", Key.Right)]
    [TestCase("\x1b[D", Key.Left)]
    [TestCase("\x1b[H", Key.Home)]
    [TestCase("\x1b[F", Key.End)]
    [TestCase("\x1bOA", Key.Up)]
    [TestCase("\x1bOB", Key.Down)]
    [TestCase("\x1bOC", Key.Right)]
    [TestCase("\x1bOD", Key.Left)]
    [TestCase("\x1bOH", Key.Home)]
    [TestCase("\x1bOF", Key.End)]
    [TestCase("\x1bOM", Key.Enter)]
    [TestCase("\x1bOP", Key.F1)]
    [TestCase("\x1bOQ", Key.F2)]
    [TestCase("\x1bOR", Key.F3)]
    [TestCase("\x1bOS", Key.F4)]
    [TestCase("\x1b[1~", Key.Home)]
    [TestCase("\x1b[2~", Key.Insert)]
    [TestCase("\x1b[3~", Key.Delete)]
    [TestCase("\x1b[4~", Key.End)]
    [TestCase("\x1b[5~", Key.PageUp)]
    [TestCase("\x1b[6~", Key.PageDown)]
    [TestCase("\x1b[7~", Key.Home)]
    [TestCase("\x1b[8~", Key.End)]
    [TestCase("\x1b[11~", Key.F1)]
    [TestCase("\x1b[15~", Key.F5)]
    [TestCase("\x1b[17~", Key.F6)]
    [TestCase("\x1b[21~", Key.F10)]
    [TestCase("\x1b[23~", Key.F11)]
    [TestCase("\x1b[24~", Key.F12)]
    public void EachSequenceIsItsKey(string sent, Key expected)
    {
        KeyStroke key = One(sent);
        Assert.That((key.Key, key.Modifiers), Is.EqualTo((expected, KeyModifiers.None)));
    }

    [TestCase("\x1b[1;2A", Key.Up, KeyModifiers.Shift)]
    [TestCase("\x1b[1;3D", Key.Left, KeyModifiers.Alt)]
    [TestCase("\x1b[1;5C", Key.Right, KeyModifiers.Control)]
    [TestCase("\x1b[1;8H", Key.Home, KeyModifiers.Shift | KeyModifiers.Alt | KeyModifiers.Control)]
    [TestCase("\x1b[3;5~", Key.Delete, KeyModifiers.Control)]
    [TestCase("\x1b[1;1F", Key.End, KeyModifiers.None)]
    public void XtermsSecondParameterCarriesTheModifiers(string sent, Key expected, KeyModifiers modifiers)
    {
        KeyStroke key = One(sent);
        Assert.That((key.Key, key.Modifiers), Is.EqualTo((expected, modifiers)));
    }

    [Test]
    public void ASequenceSplitAcrossReadsIsStillOneKey()
    {
        var parser = new TerminalKeyParser();
        Assert.That(Keys("ab\x1b", parser).Select(k => k.Character), Is.EqualTo(new[] { 'a', 'b' }));
        Assert.That(Keys("[", parser), Is.Empty);
        Assert.That(Keys("3", parser), Is.Empty);
        Assert.That(Keys("~c", parser).Select(k => (k.Key, k.Character)), Is.EqualTo(new[] { (Key.Delete, '\0'), (Key.Character, 'c') }));
    }

    [Test]
    public void PrintableBytesAreCharacters()
    {
        string all = new(Enumerable.Range(0x20, 0x5F).Select(c => (char)c).ToArray());
        List<KeyStroke> keys = Keys(all);
        Assert.That(keys.Select(k => k.Character), Is.EqualTo(all.ToCharArray()));
        Assert.That(keys, Is.All.Matches<KeyStroke>(k => k.Key == Key.Character && k.Modifiers == KeyModifiers.None && k.IsText));
    }

    [Test]
    public void LineEndsOfEveryKindAreOneEnterEach()
    {
        Assert.That(Keys("a\r\nb\nc\r\rd\n\n").Select(k => k.Key == Key.Enter ? '/' : k.Character), Is.EqualTo("a/b/c//d//".ToCharArray()),
            "CR LF is one Enter; CR CR and LF LF are two");
    }

    [Test]
    public void ControlBytesAreTheirKeys()
    {
        Assert.That(One("\x7f").Key, Is.EqualTo(Key.Backspace));
        Assert.That(One("\b").Key, Is.EqualTo(Key.Backspace));
        Assert.That(One("\t").Key, Is.EqualTo(Key.Tab));
        KeyStroke ctrlC = One("\x03");
        Assert.That((ctrlC.Character, ctrlC.Modifiers, ctrlC.IsControl('c')), Is.EqualTo(('c', KeyModifiers.Control, true)));
        Assert.That(One("\x01").IsControl('a'), Is.True);
        Assert.That(One("\x1a").IsControl('z'), Is.True);
        Assert.That(Keys("\x00\x1c\x1d\x1e\x1f\x80\xff"), Is.Empty, "bytes that are no key are dropped");
    }

    [Test]
    public void EscapeBeforeACharacterIsAltWithIt()
    {
        KeyStroke altX = One("\x1bx");
        Assert.That((altX.Character, altX.Modifiers, altX.IsText), Is.EqualTo(('x', KeyModifiers.Alt, false)));
    }

    [Test]
    public void EscapeTwiceIsTheEscapeKeyAndTheSecondMayStartASequence()
    {
        Assert.That(Keys("\x1b\x1b[A").Select(k => k.Key), Is.EqualTo(new[] { Key.Escape, Key.Up }));
    }

    [Test]
    public void SequencesNoKeySendsAreSwallowedWhole()
    {
        Assert.That(Keys("\x1b[?25hq\x1b[2J\x1b[99~\x1b[1 qw\x1bOZe").Select(k => k.Character), Is.EqualTo(new[] { 'q', 'w', 'e' }));
    }

    [Test]
    public void OverlongParametersAndTooManyOfThemDoNotOverflow()
    {
        Assert.That(Keys("\x1b[99999999999999999999~\x1b[1;2;3;4;5;6Cx").Select(k => (k.Key, k.Modifiers)),
            Is.EqualTo(new[] { (Key.Right, KeyModifiers.Shift), (Key.Character, KeyModifiers.None) }),
            "a huge number names no key; parameters past the fourth are dropped, the second still counts");
    }
}
