using Zos.Shell;

namespace Zos.Tests.Host;

public class CommandShellTests
{
    // Echoes its arguments, one per line, with brackets so that boundaries show.
    private sealed class EchoCommand : ShellCommand
    {
        public string[]? LastArguments { get; private set; }
        public int Runs { get; private set; }

        public override string Name => "echo";
        public override string Usage => "echo [word...]";
        public override string Summary => "print the arguments";

        public override string Execute(string[] arguments, TextSink output)
        {
            Runs++;
            LastArguments = arguments;
            foreach (var a in arguments) output.WriteLine("[" + a + "]");
            return null!;
        }
    }

    // Requires exactly one argument, "ok".
    private sealed class StrictCommand : ShellCommand
    {
        public override string Name => "strict";
        public override string Usage => "strict ok";
        public override string Summary => "accept only ok";

        public override string Execute(string[] arguments, TextSink output)
        {
            if (arguments.Length != 1 || arguments[0] != "ok") return "expected ok";
            output.WriteLine("done");
            return null!;
        }
    }

    // Takes no arguments and says so by declaration only.
    private sealed class QuietCommand : ShellCommand
    {
        public int Runs { get; private set; }

        public override string Name => "quiet";
        public override string Usage => "quiet";
        public override string Summary => "take no arguments";
        public override bool TakesArguments => false;

        public override string Execute(string[] arguments, TextSink output)
        {
            Runs++;
            return null!;
        }
    }

    private EchoCommand _echo = null!;
    private QuietCommand _quiet = null!;
    private BufferSink _out = null!;
    private CommandShell _shell = null!;

    [SetUp]
    public void SetUp()
    {
        _echo = new EchoCommand();
        _quiet = new QuietCommand();
        var help = new HelpCommand();
        _shell = new CommandShell(new ShellCommand[] { help, _echo, new StrictCommand(), _quiet });
        help.Attach(_shell);
        _out = new BufferSink();
    }

    [Test]
    public void RunsCommandWithArgumentsWithoutTheName()
    {
        _shell.Execute("echo a \"b c\"", _out);
        Assert.That(_echo.Runs, Is.EqualTo(1));
        Assert.That(_echo.LastArguments, Is.EqualTo(new[] { "a", "b c" }));
        Assert.That(_out.Text.ToString(), Is.EqualTo("[a]\n[b c]\n"));
    }

    [Test]
    public void CommandDeclaringNoArgumentsIsRefusedArgumentsWithoutRunning()
    {
        _shell.Execute("quiet loudly", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("error: quiet takes no arguments (usage: quiet)\n"));
        Assert.That(_quiet.Runs, Is.EqualTo(0));
        _shell.Execute("quiet", _out);
        Assert.That(_quiet.Runs, Is.EqualTo(1));
    }

    [Test]
    public void UnknownCommandGivesExactlyOneErrorLine()
    {
        _shell.Execute("x", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("error: unknown command 'x' (type help for the list)\n"));
        Assert.That(_echo.Runs, Is.EqualTo(0));
    }

    [Test]
    public void CommandNamesAreCaseSensitive()
    {
        _shell.Execute("ECHO hi", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("error: unknown command 'ECHO' (type help for the list)\n"));
    }

    [Test]
    public void CommandErrorIsReportedWithUsage()
    {
        _shell.Execute("strict nope", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("error: expected ok (usage: strict ok)\n"));
    }

    [Test]
    public void SuccessfulCommandPrintsNoError()
    {
        _shell.Execute("strict ok", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("done\n"));
    }

    [Test]
    public void SplitErrorGivesOneErrorLineAndRunsNothing()
    {
        _shell.Execute("echo \"open", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("error: unterminated quote\n"));
        Assert.That(_echo.Runs, Is.EqualTo(0));
    }

    [TestCase("")]
    [TestCase("   \t ")]
    public void EmptyLineDoesNothing(string line)
    {
        _shell.Execute(line, _out);
        Assert.That(_out.Text.Length, Is.EqualTo(0));
        Assert.That(_echo.Runs, Is.EqualTo(0));
    }

    [Test]
    public void FindReturnsCommandByNameOrNull()
    {
        Assert.That(_shell.Find("echo"), Is.SameAs(_echo));
        Assert.That(_shell.Find("nope"), Is.Null);
    }

    [Test]
    public void HelpListsEveryCommandUsageAndSummary()
    {
        _shell.Execute("help", _out);
        string[] lines = _out.Lines;
        Assert.That(lines, Has.Length.EqualTo(_shell.Commands.Length));
        for (int i = 0; i < _shell.Commands.Length; i++)
        {
            var c = _shell.Commands[i];
            Assert.That(lines[i], Does.StartWith(c.Usage));
            Assert.That(lines[i], Does.EndWith(c.Summary));
            Assert.That(lines[i], Is.EqualTo(c.Usage.PadRight(28) + c.Summary));
        }
    }

    [Test]
    public void HelpAlignsSummariesInOneColumn()
    {
        _shell.Execute("help", _out);
        foreach (var line in _out.Lines)
            Assert.That(line.Length, Is.GreaterThan(28));
        Assert.That(_out.Lines[1].Substring(28), Is.EqualTo("print the arguments"));
    }

    // A command whose usage is whatever the test needs.
    private sealed class UsageCommand(string usage) : ShellCommand
    {
        public override string Name => usage.Split(' ')[0];
        public override string Usage => usage;
        public override string Summary => "the summary";
        public override string Execute(string[] arguments, TextSink output) => null!;
    }

    private string[] HelpFor(params string[] usages)
    {
        var help = new HelpCommand();
        var commands = new List<ShellCommand> { help };
        foreach (var usage in usages) commands.Add(new UsageCommand(usage));
        var shell = new CommandShell(commands.ToArray());
        help.Attach(shell);
        shell.Execute("help", _out);
        return _out.Lines;
    }

    [TestCase(1)]
    [TestCase(25)]
    [TestCase(26)]
    [TestCase(27)]
    [TestCase(28)]
    [TestCase(29)]
    [TestCase(60)]
    public void HelpNeverRunsAUsageIntoItsSummaryWhateverItsLength(int usageLength)
    {
        string usage = "u" + new string('x', usageLength - 1);
        string[] lines = HelpFor(usage);

        string text = string.Join("\n", lines);
        Assert.That(text, Does.Not.Contain(usage + "the summary"));
        Assert.That(text, Does.Not.Contain(usage + " the summary"));
        string summaryLine = lines.Single(l => l.EndsWith("the summary"));
        Assert.That(summaryLine.IndexOf("the summary"), Is.EqualTo(HelpCommand.SummaryColumn),
            "the summary leaves its column");
        Assert.That(lines, Has.Some.StartsWith(usage), "the usage is not shown whole at the start of a line");
    }

    [Test]
    public void HelpPutsALongUsageOnItsOwnLineAboveItsSummary()
    {
        string usage = "blk [read|write|verify|flush|id|bench|soak] ...";
        string[] lines = HelpFor(usage);
        Assert.That(lines[1], Is.EqualTo(usage));
        Assert.That(lines[2], Is.EqualTo(new string(' ', HelpCommand.SummaryColumn) + "the summary"));
        Assert.That(lines, Has.Length.EqualTo(3));
    }

    [Test]
    public void HelpWithArgumentsIsAnError()
    {
        _shell.Execute("help me", _out);
        Assert.That(_out.Text.ToString(), Is.EqualTo("error: help takes no arguments (usage: help)\n"));
    }
}
