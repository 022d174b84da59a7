namespace Zos.Tests.Qemu;

// A fixture whose tests share one boot: QEMU started with these arguments, at the shell's prompt.
public abstract class BootedOnce(params string[] qemuArguments)
{
    protected ZosMachine Machine { get; private set; } = null!;

    [OneTimeSetUp]
    public void Boot()
    {
        Machine = ZosMachine.Start(qemuArguments);
        Machine.WaitForPrompt();
    }

    [OneTimeTearDown]
    public void ShutDown() => Machine.Dispose();
}
