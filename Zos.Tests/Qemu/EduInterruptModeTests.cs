using System.Text.RegularExpressions;

namespace Zos.Tests.Qemu;

// QEMU's edu has MSI and no switch to turn it off, so its INTx path is reached
// by the operator's `irqmode edu intx`: from the next incarnation on, the
// driver gets the device's line; `irqmode edu auto` brings the MSI (and its
// vector) back. Both paths serve the same factorial interrupt.
[Category("qemu")]
public class EduInterruptModeTests
{
    private const int Samples = 15;

    [Test]
    public void TheDriverRunsOnIntxOrMsiAsTheOperatorChooses()
    {
        using var machine = ZosMachine.Start("-device", "edu");
        machine.WaitForPrompt();
        DriverShell.WaitFor(machine, "edu", "Running", 1, TimeSpan.FromSeconds(20));
        string vector = Regex.Match(machine.Command("caps edu"), @"what=""msi vector (0x[0-9a-f]{2}) ").Groups[1].Value;
        Assert.That(vector, Is.Not.Empty);
        double msiMicroseconds = MedianRoundTrip(machine);

        Assert.That(machine.Command("irqmode edu intx").Trim(), Is.EqualTo("irqmode edu intx now=msi"), "the running incarnation keeps its MSI");
        Restart(machine, 2);
        string caps = machine.Command("caps edu");
        string line = Regex.Match(caps, @"what=""irq (\d+) wait,acknowledge""").Groups[1].Value;
        Assert.That(line, Is.Not.Empty, caps);
        Assert.That(caps, Does.Contain($"revoked_cap \"msi vector {vector} wait,acknowledge\""));
        ulong LineCount() => ulong.Parse(Regex.Match(machine.Command("irq"), $@"(?m)^irq {line} .*?count=(\d+)").Groups[1].Value);
        ulong MessageCount() => ulong.Parse(Regex.Match(machine.Command("irq"), $@"(?m)^msi_vector {vector} count=(\d+)").Groups[1].Value);
        ulong lineBefore = LineCount(), messagesBefore = MessageCount();
        Assert.That(machine.Command("edu factorial 6 --irq"), Does.Contain("factorial: 720\ninterrupt_status: 0x1\n"));
        Assert.That((LineCount(), MessageCount()), Is.EqualTo((lineBefore + 1, messagesBefore)), "the interrupt came on the line, no message was sent");
        double intxMicroseconds = MedianRoundTrip(machine);

        Assert.That(machine.Command("irqmode edu auto").Trim(), Is.EqualTo("irqmode edu auto now=intx"));
        Restart(machine, 3);
        Assert.That(machine.Command("caps edu"), Does.Contain($"what=\"msi vector {vector} wait,acknowledge\""), "the same vector as before");
        Assert.That(machine.Command("irq"), Does.Match($@"(?m)^irq {line} .*handlers=0 "), "the line's handler was detached");
        Assert.That(machine.Command("edu factorial 4 --irq"), Does.Contain("factorial: 24\ninterrupt_status: 0x1\n"));
        Assert.That(LineCount(), Is.EqualTo(lineBefore + 1 + Samples), "no more interrupts on the line");
        TestContext.Out.WriteLine($"edu factorial --irq round trip, median of {Samples}: msi {msiMicroseconds} us, intx {intxMicroseconds} us");
    }

    private static void Restart(ZosMachine machine, int incarnation)
    {
        Assert.That(machine.Command("inject edu throw"), Does.StartWith("injected: throw"));
        DriverShell.WaitFor(machine, "edu", "Running", incarnation, TimeSpan.FromSeconds(20));
    }

    private static double MedianRoundTrip(ZosMachine machine)
    {
        var samples = new List<int>();
        for (int i = 0; i < Samples; i++)
        {
            string answer = machine.Command("edu factorial 1 --irq");
            Match roundTrip = Regex.Match(answer, @"round_trip_us: (\d+)");
            Assert.That(roundTrip.Success, Is.True, answer + machine.Command("drivers") + machine.Command("irq"));
            samples.Add(int.Parse(roundTrip.Groups[1].Value));
        }
        samples.Sort();
        return samples[Samples / 2];
    }
}
